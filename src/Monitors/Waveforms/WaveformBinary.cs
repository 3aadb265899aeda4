using System.Buffers.Binary;
using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Waveforms;

/// <summary>The compact binary waveform chunk (all integers little-endian; layout in docs/monitor-json.md):</summary>
/// <remarks>
/// <code>
///  offset size field
///   0     4   magic "TGWF" (0x54 0x47 0x57 0x46)
///   4     1   version = 1
///   5     1   signal: 1 ECG, 2 pleth, 3 CO2
///   6     1   lead: ECG lead index 0–11 in I, II, III, aVR, aVL, aVF, V1–V6 order; 0 otherwise
///   7     1   reserved, 0
///   8     4   sample rate, u32, millihertz (250 Hz = 250000)
///  12     8   start time, i64, microseconds since 1970-01-01T00:00:00Z
///  20     4   resolution, IEEE 754 float32, canonical units per count (uV for ECG)
///  24     2   sample count n, u16
///  26    2n   samples, i16
/// </code>
/// The length must be exactly 26 + 2n: a chunk cut short or padded is refused, never half-read.
/// </remarks>
public static class WaveformBinary
{
    public const int HeaderLength = 26;
    public const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "TGWF"u8;

    /// <summary>True when the payload starts with the chunk magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> payload) => payload.StartsWith(Magic);

    /// <exception cref="DeviceFormatException">Malformed (names the byte offset).</exception>
    public static WaveformChunk Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength)
        {
            throw Error("byte 0", $"{data.Length} bytes, the header alone needs {HeaderLength}");
        }
        if (!HasMagic(data))
        {
            throw Error("byte 0", "magic is not \"TGWF\"");
        }
        if (data[4] != Version)
        {
            throw Error("byte 4", $"version {data[4]} is not supported (expected {Version})");
        }
        var signal = (WaveformSignal)data[5];
        if (signal is not (WaveformSignal.Ecg or WaveformSignal.Pleth or WaveformSignal.Co2))
        {
            throw Error("byte 5", $"signal {data[5]} is not 1 (ECG), 2 (pleth) or 3 (CO2)");
        }
        string? lead = null;
        if (signal == WaveformSignal.Ecg)
        {
            lead = data[6] < EcgLeads.All.Count ? EcgLeads.All[data[6]] : throw Error("byte 6", $"lead index {data[6]} is not 0–11");
        }
        else if (data[6] != 0)
        {
            throw Error("byte 6", "lead must be 0 for pleth and CO2");
        }
        var milliHertz = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (milliHertz == 0)
        {
            throw Error("byte 8", "sample rate 0");
        }
        var micros = BinaryPrimitives.ReadInt64LittleEndian(data[12..]);
        const long MaxMicros = 253402300799_999999; // 9999-12-31T23:59:59.999999Z
        if (micros is < 0 or > MaxMicros)
        {
            throw Error("byte 12", $"start time {micros} µs is outside 1970–9999");
        }
        var resolution = BinaryPrimitives.ReadSingleLittleEndian(data[20..]);
        if (!float.IsFinite(resolution) || resolution <= 0)
        {
            throw Error("byte 20", $"resolution {resolution} is not a positive number");
        }
        var count = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        if (count == 0)
        {
            throw Error("byte 24", "no samples");
        }
        var expected = HeaderLength + (2 * count);
        if (data.Length != expected)
        {
            throw Error("byte 24", $"count {count} needs {expected} bytes, the chunk has {data.Length}");
        }
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(HeaderLength + (2 * i))..]);
        }
        return new WaveformChunk(
            signal, lead, milliHertz / 1000.0, DateTimeOffset.UnixEpoch.AddTicks(micros * 10), resolution, samples);
    }

    /// <summary>Encodes a chunk; the start time is truncated to whole microseconds.</summary>
    /// <exception cref="ArgumentException">Sample rate, resolution, lead or count outside what the layout can hold.</exception>
    public static byte[] Encode(WaveformChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var count = chunk.Samples.Length;
        if (count is 0 or > WaveformChunk.MaxSamples)
        {
            throw new ArgumentException($"A chunk holds 1–{WaveformChunk.MaxSamples} samples, not {count}.", nameof(chunk));
        }
        var milliHertz = Math.Round(chunk.SampleRateHz * 1000.0);
        if (milliHertz is < 1 or > uint.MaxValue)
        {
            throw new ArgumentException($"Sample rate {chunk.SampleRateHz} Hz does not fit.", nameof(chunk));
        }
        byte lead = 0;
        if (chunk.Signal == WaveformSignal.Ecg)
        {
            var index = chunk.Lead is null ? -1 : EcgLeads.All.ToList().IndexOf(chunk.Lead);
            lead = index >= 0 ? (byte)index : throw new ArgumentException($"'{chunk.Lead}' is not an ECG lead.", nameof(chunk));
        }
        var data = new byte[HeaderLength + (2 * count)];
        Magic.CopyTo(data);
        data[4] = Version;
        data[5] = (byte)chunk.Signal;
        data[6] = lead;
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), (uint)milliHertz);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(12), (chunk.Start - DateTimeOffset.UnixEpoch).Ticks / 10);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(20), (float)chunk.Resolution);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(24), (ushort)count);
        var samples = chunk.Samples.Span;
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(HeaderLength + (2 * i)), samples[i]);
        }
        return data;
    }

    private static DeviceFormatException Error(string location, string problem) => new("waveform", location, problem);
}
