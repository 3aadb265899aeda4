using System.Buffers;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Tests.Protocol;

public sealed class MessageFramerTests
{
    [Fact]
    public void Reads_a_message_and_leaves_the_rest()
    {
        byte[] wire =
        [
            0x00,                   // compressed flag: no
            0x00, 0x00, 0x00, 0x03, // length 3, big-endian
            0x0A, 0x01, 0x41,       // message: field 1, length 1, "A"
            0x01, 0x00,             // the start of the next message
        ];
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.True(MessageFramer.TryReadMessage(ref buffer, 100, out var message));
        Assert.False(message.Compressed);
        Assert.Equal(new byte[] { 0x0A, 0x01, 0x41 }, message.Payload.ToArray());
        Assert.Equal(2, buffer.Length);
        Assert.False(MessageFramer.TryReadMessage(ref buffer, 100, out _));
    }

    [Fact]
    public void Needs_more_bytes_until_the_whole_message_is_there()
    {
        byte[] wire = [0x01, 0x00, 0x00, 0x00, 0x04, 0xAA, 0xBB, 0xCC, 0xDD];
        for (var length = 0; length < wire.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(wire, 0, length);
            Assert.False(MessageFramer.TryReadMessage(ref partial, 100, out _));
            Assert.Equal(length, partial.Length);
        }
        var whole = new ReadOnlySequence<byte>(wire);
        Assert.True(MessageFramer.TryReadMessage(ref whole, 100, out var message));
        Assert.True(message.Compressed);
        Assert.Equal(4, message.Payload.Length);
    }

    [Fact]
    public void Empty_message_is_five_bytes()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 0 });
        Assert.True(MessageFramer.TryReadMessage(ref buffer, 0, out var message));
        Assert.True(message.Payload.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Declared_length_over_the_limit_fails_before_the_body_arrives()
    {
        // Only the header: 4 MiB + 1 declared, against the default limit.
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x00, 0x00, 0x40, 0x00, 0x01 });
        var error = Assert.Throws<GrpcProtocolException>(() => MessageFramer.TryReadMessage(ref buffer, GrpcProtocol.DefaultMaxReceiveMessageSize, out _));
        Assert.Equal("message_too_large", error.Reason);
        Assert.Equal(StatusCode.ResourceExhausted, error.Status.StatusCode);
        Assert.Equal("Received message exceeds the maximum configured message size (4194305 > 4194304 bytes).", error.Status.Detail);
    }

    [Fact]
    public void Length_of_uint32_max_is_refused_not_overflowed()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x00, 0xFF, 0xFF, 0xFF, 0xFF });
        Assert.Equal("message_too_large", Assert.Throws<GrpcProtocolException>(() => MessageFramer.TryReadMessage(ref buffer, int.MaxValue, out _)).Reason);
    }

    [Fact]
    public void Flag_other_than_zero_or_one_is_a_protocol_error()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x02, 0, 0, 0, 0 });
        var error = Assert.Throws<GrpcProtocolException>(() => MessageFramer.TryReadMessage(ref buffer, 10, out _));
        Assert.Equal("invalid_compressed_flag", error.Reason);
        Assert.Equal(StatusCode.Internal, error.Status.StatusCode);
    }

    [Fact]
    public void Reads_across_segment_boundaries()
    {
        var first = new Segment(new byte[] { 0x00, 0x00 });
        var last = first.Append(new byte[] { 0x00, 0x00, 0x02, 0x08 }).Append(new byte[] { 0x96 });
        var buffer = new ReadOnlySequence<byte>(first, 0, last, 1);
        Assert.True(MessageFramer.TryReadMessage(ref buffer, 10, out var message));
        Assert.Equal(new byte[] { 0x08, 0x96 }, message.Payload.ToArray());
    }

    [Fact]
    public void Header_written_is_flag_then_big_endian_length()
    {
        var output = new ArrayBufferWriter<byte>();
        MessageFramer.WriteHeader(output, compressed: true, 0x01020304);
        Assert.Equal(new byte[] { 0x01, 0x01, 0x02, 0x03, 0x04 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Gzip_round_trips_and_refuses_to_inflate_past_the_limit()
    {
        var data = new byte[100_000];
        var compressed = GzipCompression.Compress(data);
        Assert.True(compressed.Length < 1_000);
        Assert.Equal(data, GzipCompression.Decompress(new ReadOnlySequence<byte>(compressed), 100_000).ToArray());
        var bomb = Assert.Throws<GrpcProtocolException>(() => GzipCompression.Decompress(new ReadOnlySequence<byte>(compressed), 50_000));
        Assert.Equal(StatusCode.ResourceExhausted, bomb.Status.StatusCode);
        var garbage = Assert.Throws<GrpcProtocolException>(() => GzipCompression.Decompress(new ReadOnlySequence<byte>(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), 100));
        Assert.Equal("invalid_compression", garbage.Reason);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(byte[] data)
        {
            var next = new Segment(data) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
