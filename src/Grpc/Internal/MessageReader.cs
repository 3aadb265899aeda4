using System.Buffers;
using System.IO.Pipelines;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>
/// Reads length-prefixed messages from a pipe: the one read loop both the server (request body) and the
/// client (response body) use. Bytes left when the stream ends are a truncated message.
/// </summary>
internal sealed class MessageReader<T>(PipeReader reader, Marshaller<T> marshaller, int maxMessageSize, string? encoding)
{
    /// <summary>Counts messages read, for metrics and for the unary "exactly one request" check.</summary>
    public int MessagesRead { get; private set; }

    /// <summary>Whether the last message read had the compressed flag set.</summary>
    public bool LastMessageCompressed { get; private set; }

    /// <summary>The next message, or (false, default) at a clean end of stream.</summary>
    public async ValueTask<(bool HasMessage, T Message)> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (MessageFramer.TryReadMessage(ref buffer, maxMessageSize, out var framed))
                {
                    // Only the message is examined: the bytes after it may already hold the next message,
                    // and marking them examined would make the next read wait for more data to arrive.
                    consumed = examined = buffer.Start;
                    MessagesRead++;
                    LastMessageCompressed = framed.Compressed;
                    return (true, Deserialize(framed));
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new GrpcProtocolException("truncated_message", new Status(StatusCode.Internal, $"Incomplete message: the stream ended {buffer.Length} bytes into a length-prefixed message."));
                    }
                    return (false, default!);
                }
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, examined);
            }
        }
    }

    private T Deserialize(FramedMessage framed)
    {
        var payload = framed.Payload;
        if (framed.Compressed)
        {
            if (encoding is null || encoding == GrpcProtocol.Identity)
            {
                throw new GrpcProtocolException("compressed_without_encoding", new Status(StatusCode.Internal, "Message has the compressed flag set but the stream declared no grpc-encoding."));
            }
            payload = GzipCompression.Decompress(payload, maxMessageSize);
        }
        try
        {
            return marshaller.Deserialize(payload);
        }
        catch (Exception ex) when (ex is not GrpcProtocolException)
        {
            throw new GrpcProtocolException("invalid_message", new Status(StatusCode.Internal, "Error deserializing message: " + ex.Message), ex);
        }
    }
}
