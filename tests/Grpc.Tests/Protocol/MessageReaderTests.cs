using System.IO.Pipelines;
using Grpc.Testing;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Tests.Protocol;

public sealed class MessageReaderTests
{
    private static readonly Marshaller<Empty> EmptyMarshaller = Marshallers.Protobuf(Empty.Parser);

    [Fact]
    public async Task Every_message_already_buffered_is_returned_without_waiting_for_more_bytes()
    {
        var pipe = new Pipe();
        // Three empty messages in one chunk; the writer then goes quiet without ending the stream.
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        var reader = new MessageReader<Empty>(pipe.Reader, EmptyMarshaller, 100, encoding: null);

        for (var i = 0; i < 3; i++)
        {
            var (hasMessage, _) = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(hasMessage);
        }
        Assert.Equal(3, reader.MessagesRead);

        var fourth = reader.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(fourth.IsCompleted);
        await pipe.Writer.CompleteAsync();
        Assert.False((await fourth.WaitAsync(TimeSpan.FromSeconds(5))).HasMessage);
    }
}
