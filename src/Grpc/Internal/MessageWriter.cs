using System.Buffers;

namespace TelemetryGateway.Grpc.Internal;

/// <summary>Frames one message into a buffer writer, compressing it when asked.</summary>
internal static class MessageWriter
{
    public static void Write<T>(IBufferWriter<byte> output, T message, Marshaller<T> marshaller, bool compress)
    {
        if (!compress && marshaller.CalculateSize is { } size)
        {
            MessageFramer.WriteHeader(output, compressed: false, size(message));
            marshaller.Serialize(message, output);
            return;
        }
        var body = new ArrayBufferWriter<byte>();
        marshaller.Serialize(message, body);
        if (compress)
        {
            var compressed = GzipCompression.Compress(body.WrittenSpan);
            MessageFramer.WriteHeader(output, compressed: true, compressed.Length);
            output.Write(compressed);
        }
        else
        {
            MessageFramer.WriteHeader(output, compressed: false, body.WrittenCount);
            output.Write(body.WrittenSpan);
        }
    }
}
