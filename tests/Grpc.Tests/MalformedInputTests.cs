using System.Net;
using Grpc.Testing;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Grpc.Tests.Infrastructure;
using TelemetryGateway.GrpcInterop;
using static TelemetryGateway.Grpc.Tests.Infrastructure.RawGrpcRequest;

namespace TelemetryGateway.Grpc.Tests;

/// <summary>
/// Bad input ends the call it came on with the right status and a counter; the connection and the server
/// go on serving (checked with an EmptyCall on the same HTTP/2 connection after each).
/// </summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private const string UnaryPath = "/grpc.testing.TestService/UnaryCall";
    private const string EmptyPath = "/grpc.testing.TestService/EmptyCall";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private GrpcTestServer _server = null!;
    private RawGrpcRequest _raw = null!;

    public async Task InitializeAsync()
    {
        _server = await GrpcTestServer.StartAsync(_ => [new TestServiceImplementation().BindService()], o => o.MaxReceiveMessageSize = 1024);
        _raw = new RawGrpcRequest(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Truncated_message_is_INTERNAL_and_counted()
    {
        var outcome = await _raw.SendAsync(UnaryPath, Frame(0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)).WaitAsync(Timeout);

        AssertStatus(outcome, StatusCode.Internal, "Incomplete message: the stream ended 15 bytes into a length-prefixed message.");
        Assert.Equal(1, _server.Metrics.ProtocolErrors("truncated_message"));
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Length_prefix_beyond_the_limit_is_RESOURCE_EXHAUSTED_and_counted()
    {
        var outcome = await _raw.SendAsync(UnaryPath, Frame(0, 2048, new byte[2048])).WaitAsync(Timeout);

        AssertStatus(outcome, StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size (2048 > 1024 bytes).");
        Assert.Equal(1, _server.Metrics.ProtocolErrors("message_too_large"));
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Garbage_protobuf_is_INTERNAL_and_counted()
    {
        // 0xFF 0xFF 0xFF: a varint tag that never ends.
        var outcome = await _raw.SendAsync(UnaryPath, Frame(0, 3, 0xFF, 0xFF, 0xFF)).WaitAsync(Timeout);

        Assert.Equal(((int)StatusCode.Internal).ToString(), outcome.GrpcStatus);
        Assert.StartsWith("Error deserializing message: ", Uri.UnescapeDataString(outcome.GrpcMessage!));
        Assert.Equal(1, _server.Metrics.ProtocolErrors("invalid_message"));
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Compressed_flag_without_grpc_encoding_is_INTERNAL_and_counted()
    {
        var outcome = await _raw.SendAsync(UnaryPath, Frame(1, 2, 0x10, 0x05)).WaitAsync(Timeout);

        AssertStatus(outcome, StatusCode.Internal, "Message has the compressed flag set but the stream declared no grpc-encoding.");
        Assert.Equal(1, _server.Metrics.ProtocolErrors("compressed_without_encoding"));
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Unsupported_encoding_is_UNIMPLEMENTED_with_the_accepted_encodings()
    {
        var outcome = await _raw.SendAsync(UnaryPath, Frame(1, 2, 0x10, 0x05), headers: [("grpc-encoding", "br")]).WaitAsync(Timeout);

        AssertStatus(outcome, StatusCode.Unimplemented, "Unsupported grpc-encoding 'br'; supported: identity,gzip.");
        Assert.Equal(1, _server.Metrics.ProtocolErrors("unsupported_encoding"));
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Wrong_content_type_gets_HTTP_415()
    {
        var outcome = await _raw.SendAsync(UnaryPath, Frame(0, 0), contentType: "application/json").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, outcome.HttpStatus);
        Assert.Equal(((int)StatusCode.Internal).ToString(), outcome.GrpcStatus);
        Assert.Equal(1, _server.Metrics.ProtocolErrors("unsupported_content_type"));
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Unknown_service_and_method_are_UNIMPLEMENTED_trailers_only()
    {
        var method = await _raw.SendAsync("/grpc.testing.TestService/NoSuchMethod", Frame(0, 0)).WaitAsync(Timeout);
        var service = await _raw.SendAsync("/no.Such/Method", Frame(0, 0)).WaitAsync(Timeout);

        AssertStatus(method, StatusCode.Unimplemented, "Method is unimplemented: /grpc.testing.TestService/NoSuchMethod");
        AssertStatus(service, StatusCode.Unimplemented, "Method is unimplemented: /no.Such/Method");
        Assert.Empty(method.Body);
        await AssertConnectionStillServesAsync();
    }

    [Fact]
    public async Task Stream_reset_in_the_middle_of_a_message_is_counted_and_the_connection_goes_on()
    {
        using var cancel = new CancellationTokenSource();
        var (response, body, _) = _raw.Start("/grpc.testing.TestService/StreamingInputCall", cancel.Token);
        var stream = await body.WaitAsync(Timeout);
        await stream.WriteAsync(Frame(0, 500, new byte[20]));
        await stream.FlushAsync();
        await WaitUntilAsync(() => _server.Metrics.CallsStarted >= 1);
        await cancel.CancelAsync(); // RST_STREAM(CANCEL) with 480 bytes of the message missing

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => response.WaitAsync(Timeout));
        await WaitUntilAsync(() => _server.Metrics.CallsCompleted(StatusCode.Cancelled) == 1);
        Assert.Equal(1, _server.Metrics.ProtocolErrors("stream_reset"));
        await AssertConnectionStillServesAsync();
    }

    private async Task AssertConnectionStillServesAsync()
    {
        var outcome = await _raw.SendAsync(EmptyPath, Frame(0, 0)).WaitAsync(Timeout);
        Assert.Equal("0", outcome.GrpcStatus);
        Assert.Equal(Frame(0, 0), outcome.Body);
        using var channel = GrpcChannel.ForAddress(_server.Address);
        var response = await new TestServiceClient(channel).UnaryCall(new SimpleRequest { ResponseSize = 10 }).ResponseAsync.WaitAsync(Timeout);
        Assert.Equal(10, response.Payload.Body.Length);
    }

    private static void AssertStatus(Outcome outcome, StatusCode code, string message)
    {
        Assert.Equal(HttpStatusCode.OK, outcome.HttpStatus);
        Assert.Equal(((int)code).ToString(), outcome.GrpcStatus);
        Assert.Equal(message, Uri.UnescapeDataString(outcome.GrpcMessage ?? ""));
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                var text = new System.Text.StringBuilder();
                _server.Metrics.WritePrometheus(text);
                Assert.Fail("condition not met within the timeout; server metrics:\n" + text);
            }
            await Task.Delay(10);
        }
    }
}
