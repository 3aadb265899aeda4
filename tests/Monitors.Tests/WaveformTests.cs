using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Json;
using TelemetryGateway.Monitors.Waveforms;

namespace TelemetryGateway.Monitors.Tests;

public sealed class WaveformTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    // docs/monitor-json.md binary example: ECG lead II, 250 Hz, start 2026-11-22T08:15:30.250Z, 2.5 uV/LSB, 3 samples.
    private static readonly byte[] Example =
    [
        0x54, 0x47, 0x57, 0x46,                         // magic "TGWF"
        0x01,                                           // version 1
        0x01,                                           // signal 1 = ECG
        0x01,                                           // lead index 1 = II
        0x00,                                           // reserved
        0x90, 0xD0, 0x03, 0x00,                         // 250000 mHz = 250 Hz
        0x10, 0xBD, 0x9C, 0x14, 0xD9, 0x60, 0x06, 0x00, // 1795335330250000 µs since 1970 = 2026-11-22T08:15:30.250Z
        0x00, 0x00, 0x20, 0x40,                         // float32 2.5
        0x03, 0x00,                                     // 3 samples
        0x10, 0x00,                                     // 16
        0xF0, 0xFF,                                     // -16
        0xE8, 0x03,                                     // 1000
    ];

    private static readonly DateTimeOffset ExampleStart = new(2026, 11, 22, 8, 15, 30, 250, TimeSpan.Zero);

    [Fact]
    public void Binary_example_decodes_to_an_ecg_reading()
    {
        var chunk = WaveformBinary.Decode(Example);
        Assert.Equal((WaveformSignal.Ecg, "II", 250.0, ExampleStart, 2.5), (chunk.Signal, chunk.Lead, chunk.SampleRateHz, chunk.Start, chunk.Resolution));
        Assert.Equal([16, -16, 1000], chunk.Samples.ToArray());
        var r = chunk.ToReading("mon1", "P1", Received)!;
        Assert.Equal(("ecg.II", 40.0, "uV", ExampleStart), (r.Kind, r.Value, r.Unit, r.MeasuredAt!.Value));
        Assert.Equal([16, -16, 1000], r.Waveform!.Samples.ToArray());
        Assert.Equal(2500.0, r.Waveform.ValueAt(2));
        Assert.Equal(TimeSpan.FromMilliseconds(12), r.Waveform.Duration);
    }

    [Fact]
    public void Binary_encoder_writes_the_example_bytes()
    {
        var chunk = new WaveformChunk(WaveformSignal.Ecg, "II", 250, ExampleStart, 2.5, new short[] { 16, -16, 1000 });
        Assert.Equal(Example, WaveformBinary.Encode(chunk));
    }

    [Fact]
    public void Binary_and_json_round_trip_every_lead_and_signal()
    {
        var random = new Random(7);
        var start = ExampleStart.AddTicks(1234560); // whole microseconds
        foreach (var (signal, lead) in EcgLeads.All.Select(l => (WaveformSignal.Ecg, (string?)l)).Append((WaveformSignal.Pleth, null)).Append((WaveformSignal.Co2, null)))
        {
            var samples = Enumerable.Range(0, 63).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            samples[0] = short.MinValue;
            samples[1] = short.MaxValue;
            var chunk = new WaveformChunk(signal, lead, 62.5, start, 0.5, samples);
            foreach (var decoded in new[]
            {
                WaveformBinary.Decode(WaveformBinary.Encode(chunk)),
                WaveformJson.Read(System.Text.Json.JsonDocument.Parse(MonitorJsonWriter.Waveform(chunk)).RootElement),
            })
            {
                Assert.Equal((chunk.Signal, chunk.Lead, chunk.SampleRateHz, chunk.Start, chunk.Resolution), (decoded.Signal, decoded.Lead, decoded.SampleRateHz, decoded.Start, decoded.Resolution));
                Assert.Equal(samples, decoded.Samples.ToArray());
            }
        }
    }

    [Fact]
    public void Pleth_and_co2_chunks_are_kept_raw_for_lack_of_a_kind()
    {
        var topic = new MonitorTopic("A12", "mon1", MonitorStream.Waveform, "pleth");
        var chunk = new WaveformChunk(WaveformSignal.Pleth, null, 125, ExampleStart, 1, new short[] { 1, 2, 3 });
        var p = MonitorPayloadDecoder.Decode(topic, WaveformBinary.Encode(chunk), Received);
        Assert.Empty(p.Readings);
        var u = Assert.Single(p.Unmapped);
        Assert.Equal(("pleth", UnmappedReason.NoKind), (u.Code, u.Reason));
    }

    [Theory]
    [InlineData(0, 0x00, "byte 0", "magic")]
    [InlineData(4, 0x02, "byte 4", "version 2")]
    [InlineData(5, 0x07, "byte 5", "signal 7")]
    [InlineData(6, 0x0C, "byte 6", "lead index 12")]
    [InlineData(8, 0x00, "byte 8", null)]
    [InlineData(23, 0xFF, "byte 20", "resolution")]
    [InlineData(24, 0x04, "byte 24", "needs 34 bytes")]
    [InlineData(19, 0x80, "byte 12", "outside 1970")]
    public void Binary_malformed_names_the_byte(int offset, byte value, string location, string? problem)
    {
        var bytes = (byte[])Example.Clone();
        bytes[offset] = value;
        if (offset == 8)
        {
            bytes[9] = bytes[10] = 0; // sample rate 0
            problem = "sample rate 0";
        }
        var ex = Assert.Throws<DeviceFormatException>(() => WaveformBinary.Decode(bytes));
        Assert.Equal((location, "waveform"), (ex.Location, ex.Format));
        Assert.Contains(problem!, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_truncated_or_padded_is_refused()
    {
        Assert.Equal("byte 0", Assert.Throws<DeviceFormatException>(() => WaveformBinary.Decode(Example.AsSpan(0, 20))).Location);
        Assert.Equal("byte 24", Assert.Throws<DeviceFormatException>(() => WaveformBinary.Decode(Example.AsSpan(0, 31))).Location);
        Assert.Equal("byte 24", Assert.Throws<DeviceFormatException>(() => WaveformBinary.Decode([.. Example, 0x00])).Location);
    }

    [Fact]
    public void A_chunk_on_the_wrong_channel_is_refused()
    {
        var topic = new MonitorTopic("A12", "mon1", MonitorStream.Waveform, "V1");
        Assert.Throws<DeviceFormatException>(() => MonitorPayloadDecoder.Decode(topic, Example, Received));
        var json = Encoding.UTF8.GetBytes("""{"lead":"II","rate":250,"start":"2026-11-22T08:00:00Z","samples":[1]}""");
        Assert.Throws<DeviceFormatException>(() => MonitorPayloadDecoder.Decode(topic, json, Received));
    }
}
