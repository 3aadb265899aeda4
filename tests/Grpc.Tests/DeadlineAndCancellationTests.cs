using System.Diagnostics;
using Grpc.Testing;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Grpc.Server;
using TelemetryGateway.Grpc.Tests.Infrastructure;
using static TelemetryGateway.Grpc.Tests.Infrastructure.RawGrpcRequest;

namespace TelemetryGateway.Grpc.Tests;

public sealed class DeadlineAndCancellationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Marshaller<Empty> EmptyMarshaller = Marshallers.Protobuf(Empty.Parser);
    private static readonly Method<Empty, Empty> Stubborn = new(MethodType.Unary, "test.Probe", "Stubborn", EmptyMarshaller, EmptyMarshaller);
    private static readonly Method<Empty, Empty> Waiting = new(MethodType.Unary, "test.Probe", "Waiting", EmptyMarshaller, EmptyMarshaller);

    [Fact]
    public async Task Server_ends_the_call_at_its_deadline_even_when_the_handler_ignores_the_token()
    {
        var handlerToken = new TaskCompletionSource<CancellationToken>();
        var release = new TaskCompletionSource();
        var service = ServerServiceDefinition.CreateBuilder()
            .AddMethod(Stubborn, async (Empty _, ServerCallContext context) =>
            {
                handlerToken.TrySetResult(context.CancellationToken);
                await release.Task; // ignores cancellation on purpose
                return new Empty();
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(_ => [service]);
        using var raw = new RawGrpcRequest(server.Address);

        var clock = Stopwatch.StartNew();
        // No client-side deadline here: only the grpc-timeout header, so the server alone must end the call.
        var outcome = await raw.SendAsync("/test.Probe/Stubborn", Frame(0, 0), headers: [("grpc-timeout", "200m")]).WaitAsync(Timeout);
        clock.Stop();
        release.SetResult();

        Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(), outcome.GrpcStatus);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(5));
        Assert.True((await handlerToken.Task).IsCancellationRequested);
        Assert.Equal(1, server.Metrics.CallsCompleted(StatusCode.DeadlineExceeded));
    }

    [Fact]
    public async Task Client_deadline_is_sent_and_enforced_locally()
    {
        var seenDeadline = new TaskCompletionSource<DateTime>();
        var service = ServerServiceDefinition.CreateBuilder()
            .AddMethod(Waiting, async (Empty _, ServerCallContext context) =>
            {
                seenDeadline.TrySetResult(context.Deadline);
                await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
                return new Empty();
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(_ => [service]);
        using var channel = GrpcChannel.ForAddress(server.Address);

        var deadline = DateTime.UtcNow.AddMilliseconds(300);
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.AsyncUnaryCall(Waiting, new Empty(), new CallOptions(Deadline: deadline)).ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        var serverDeadline = await seenDeadline.Task.WaitAsync(Timeout);
        Assert.InRange(serverDeadline - deadline, TimeSpan.FromMilliseconds(-100), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Client_cancellation_reaches_the_handler_as_a_cancelled_token()
    {
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var service = ServerServiceDefinition.CreateBuilder()
            .AddMethod(Waiting, async (Empty _, ServerCallContext context) =>
            {
                context.CancellationToken.Register(() => cancelled.TrySetResult());
                started.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
                return new Empty();
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(_ => [service]);
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var cancel = new CancellationTokenSource();

        var call = channel.AsyncUnaryCall(Waiting, new Empty(), new CallOptions(CancellationToken: cancel.Token));
        await started.Task.WaitAsync(Timeout);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await cancelled.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_deadline_already_past_fails_without_calling()
    {
        await using var server = await GrpcTestServer.StartAsync(_ => []);
        using var channel = GrpcChannel.ForAddress(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.AsyncUnaryCall(Waiting, new Empty(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))).ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(0, server.Metrics.CallsStarted);
    }

    [Fact]
    public async Task Server_that_is_down_is_UNAVAILABLE()
    {
        int port;
        await using (var server = await GrpcTestServer.StartAsync(_ => []))
        {
            port = server.Port;
        }
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.AsyncUnaryCall(Waiting, new Empty()).ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
