using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests;

/// <summary>telemetry.proto delivery step 1: Hello first, Welcome or UNAUTHENTICATED.</summary>
public sealed class HandshakeTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Correct_secret_gets_welcome_then_the_bindings()
    {
        await using var gateway = await TestGateway.ConnectAsync(_hub.Host.GrpcAddress, TestHub.Gateway1, TestHub.Secret1);

        Assert.Equal("test-hub", gateway.Welcome.HubId);
        Assert.Equal(2000, gateway.Welcome.MaxBatchReadings);
        var binding = Assert.Single(gateway.Configuration.Bindings);
        Assert.Equal(TestHub.BoundDevice, binding.DeviceId);
        Assert.Equal(TestHub.BoundPatient, binding.PatientId);
        Assert.Equal(1, _hub.Host.Metrics.GatewaysConnected);
        Assert.Equal(0, _hub.Host.Metrics.AuthFailures(AuthFailure.WrongSecret));

        await gateway.CompleteAsync();
        await WaitUntilAsync(() => _hub.Host.Metrics.GatewaysConnected == 0);
    }

    [Theory]
    [InlineData("gw-unknown", TestHub.Secret1, AuthFailure.UnknownGateway)]
    [InlineData(TestHub.Gateway1, "not the secret", AuthFailure.WrongSecret)]
    [InlineData(TestHub.Gateway1, "", AuthFailure.WrongSecret)]
    [InlineData(TestHub.Gateway2, TestHub.Secret1, AuthFailure.WrongSecret)]
    [InlineData(TestHub.RevokedGateway, TestHub.Secret1, AuthFailure.Revoked)]
    public async Task Bad_credentials_are_unauthenticated_and_counted(string gatewayId, string secret, string reason)
    {
        await using var gateway = TestGateway.Open(_hub.Host.GrpcAddress);
        await gateway.SendAsync(new GatewayMessage { Hello = TestGateway.Hello(gatewayId, secret) });

        var error = await gateway.ExpectErrorAsync();

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(gatewayId, error.Status.Detail);
        Assert.Equal(1, _hub.Host.Metrics.AuthFailures(reason));
        Assert.Equal(0, _hub.Host.Metrics.GatewaysConnected);
    }

    [Fact]
    public async Task A_batch_before_hello_is_unauthenticated_and_nothing_is_stored()
    {
        await using var gateway = TestGateway.Open(_hub.Host.GrpcAddress);
        await gateway.SendBatchAsync(Readings.Series("cuff-1", 1, 3));

        var error = await gateway.ExpectErrorAsync();

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("Hello", error.Status.Detail);
        Assert.Equal(1, _hub.Host.Metrics.AuthFailures(AuthFailure.MissingHello));
        Assert.Equal(0, await _hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task A_stream_closed_before_hello_is_unauthenticated()
    {
        await using var gateway = TestGateway.Open(_hub.Host.GrpcAddress);
        await gateway.Call.RequestStream.CompleteAsync();

        var error = await gateway.ExpectErrorAsync();

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(1, _hub.Host.Metrics.AuthFailures(AuthFailure.MissingHello));
    }

    [Fact]
    public async Task A_second_hello_on_the_same_stream_is_invalid()
    {
        await using var gateway = await _hub.ConnectAsync();
        await gateway.SendAsync(new GatewayMessage { Hello = TestGateway.Hello(TestHub.Gateway1, TestHub.Secret1) });

        var error = await gateway.ExpectErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_newer_stream_of_the_same_gateway_replaces_the_older()
    {
        await using var older = await _hub.ConnectAsync();
        await using var newer = await _hub.ConnectAsync();

        var error = await older.ExpectErrorAsync();
        Assert.Equal(StatusCode.Aborted, error.StatusCode);

        var ack = await newer.SendAndAckAsync(Readings.Series("cuff-1", 1, 2));
        Assert.Equal([1L, 2L], Readings.Acknowledged(ack));
        await WaitUntilAsync(() => _hub.Host.Metrics.GatewaysConnected == 1);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestGateway.Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
