using System.Buffers;
using System.IO.Compression;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>gzip message compression (grpc-encoding: gzip), each message compressed on its own.</summary>
public static class GzipCompression
{
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 2 + 32);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    /// <summary>
    /// Decompresses, refusing to inflate beyond <paramref name="maxSize"/> (a small compressed message can
    /// expand to gigabytes): that is RESOURCE_EXHAUSTED, as for an uncompressed message over the limit.
    /// </summary>
    public static ReadOnlySequence<byte> Decompress(ReadOnlySequence<byte> data, int maxSize)
    {
        using var input = new ReadOnlySequenceStream(data);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var output = new ArrayBufferWriter<byte>(Math.Max(256, (int)Math.Min(data.Length * 4, maxSize)));
        try
        {
            while (true)
            {
                var span = output.GetSpan(8192);
                var read = gzip.Read(span);
                if (read == 0)
                {
                    break;
                }
                output.Advance(read);
                if (output.WrittenCount > maxSize)
                {
                    throw new GrpcProtocolException("message_too_large", new Status(StatusCode.ResourceExhausted, $"Decompressed message exceeds the maximum configured message size ({maxSize} bytes)."));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new GrpcProtocolException("invalid_compression", new Status(StatusCode.Internal, "Message is not valid gzip: " + ex.Message), ex);
        }
        return new ReadOnlySequence<byte>(output.WrittenMemory);
    }

    private sealed class ReadOnlySequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private ReadOnlySequence<byte> _remaining = sequence;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, _remaining.Length);
            _remaining.Slice(0, n).CopyTo(buffer);
            _remaining = _remaining.Slice(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
