using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Grpc.Health;
using TelemetryGateway.Grpc.Health.V1;
using TelemetryGateway.Grpc.Tests.Infrastructure;
using ServingStatus = TelemetryGateway.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TelemetryGateway.Grpc.Tests;

public sealed class HealthServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Check_answers_known_services_and_NOT_FOUND_for_unknown_ones()
    {
        var health = new HealthService();
        health.SetStatus("telemetry.Ingest", ServingStatus.NotServing);
        await using var server = await GrpcTestServer.StartAsync(_ => [health.BindService()]);
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new HealthClient(channel);

        var whole = await client.CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(Timeout);
        var ingest = await client.CheckAsync(new HealthCheckRequest { Service = "telemetry.Ingest" }).ResponseAsync.WaitAsync(Timeout);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.CheckAsync(new HealthCheckRequest { Service = "nope" }).ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(ServingStatus.Serving, whole.Status);
        Assert.Equal(ServingStatus.NotServing, ingest.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Unknown service 'nope'.", unknown.Status.Detail);
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change()
    {
        var health = new HealthService();
        await using var server = await GrpcTestServer.StartAsync(_ => [health.BindService()]);
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var watch = new HealthClient(channel).Watch(new HealthCheckRequest { Service = "hub" });
        var stream = watch.ResponseStream;

        Assert.True(await stream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(ServingStatus.ServiceUnknown, stream.Current.Status);
        health.SetStatus("hub", ServingStatus.Serving);
        Assert.True(await stream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(ServingStatus.Serving, stream.Current.Status);
        health.SetStatus("hub", ServingStatus.NotServing);
        Assert.True(await stream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(ServingStatus.NotServing, stream.Current.Status);
    }
}
