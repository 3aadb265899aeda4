using System.Buffers;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

internal static class PacketTestHelpers
{
    /// <summary>Decodes exactly one packet and checks that every byte was consumed.</summary>
    public static MqttPacket ReadOne(byte[] bytes, MqttProtocolVersion version, int maximumPacketSize = MqttPacketReader.AbsoluteMaximumPacketSize)
    {
        var reader = new MqttPacketReader(version, maximumPacketSize);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(reader.TryRead(ref buffer, out var packet));
        Assert.Equal(0, buffer.Length);
        return packet;
    }

    public static T RoundTrip<T>(T packet, MqttProtocolVersion version)
        where T : MqttPacket
    {
        var bytes = MqttPacketWriter.ToArray(packet, version);
        Assert.Equal(bytes.Length, MqttPacketWriter.GetSize(packet, version));
        var decoded = Assert.IsAssignableFrom<T>(ReadOne(bytes, version));
        Assert.Equal(packet.GetType(), decoded.GetType());
        // Writing the decoded packet again gives the same bytes: nothing was lost either way.
        Assert.Equal(bytes, MqttPacketWriter.ToArray(decoded, version));
        return decoded;
    }

    public static MqttProtocolException Malformed(byte[] bytes, MqttProtocolVersion version)
    {
        var reader = new MqttPacketReader(version);
        var buffer = new ReadOnlySequence<byte>(bytes);
        return Assert.Throws<MqttProtocolException>(() => reader.TryRead(ref buffer, out _));
    }

    /// <summary>A sequence of one-byte segments: the worst case for a reader that assumes contiguous memory.</summary>
    public static ReadOnlySequence<byte> Fragmented(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
