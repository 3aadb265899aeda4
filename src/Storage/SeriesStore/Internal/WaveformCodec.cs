using System.Buffers.Binary;

namespace TelemetryGateway.Storage.SeriesStore.Internal;

/// <summary>Packs waveform samples into a BLOB: little-endian int16 when every sample fits, else int32.</summary>
/// <remarks>ECG from monitors is 16-bit almost always, so a one-second chunk at 500 Hz costs 1000 bytes
/// instead of 2000; the width is stored beside the blob, never guessed from its length.</remarks>
internal static class WaveformCodec
{
    /// <summary>The narrowest width (2 or 4 bytes) that holds every sample.</summary>
    public static int WidthFor(ReadOnlySpan<int> samples)
    {
        foreach (var sample in samples)
        {
            if (sample is < short.MinValue or > short.MaxValue)
            {
                return 4;
            }
        }
        return 2;
    }

    /// <summary>Encodes <paramref name="samples"/> at the narrowest width.</summary>
    public static byte[] Encode(ReadOnlySpan<int> samples, out int width)
    {
        width = WidthFor(samples);
        var bytes = new byte[samples.Length * width];
        var span = bytes.AsSpan();
        if (width == 2)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(span[(i * 2)..], (short)samples[i]);
            }
        }
        else
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], samples[i]);
            }
        }
        return bytes;
    }

    /// <summary>Decodes a blob written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidDataException">The width is not 2 or 4, or the length is not a multiple of it.</exception>
    public static int[] Decode(ReadOnlySpan<byte> bytes, int width)
    {
        if (width is not (2 or 4) || bytes.Length % width != 0)
        {
            throw new InvalidDataException($"Waveform blob of {bytes.Length} bytes cannot hold {width}-byte samples.");
        }
        var samples = new int[bytes.Length / width];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = width == 2
                ? BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..])
                : BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }
        return samples;
    }
}
