using System.Net;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Gateway;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// Crash and fault tests of the whole spine: whatever happens to the gateway, the hub or the link between
/// them, the hub ends up holding every accepted reading exactly once.
/// </summary>
public sealed class DeliveryFaultTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Gateway_killed_with_SIGKILL_twenty_times_loses_and_duplicates_nothing()
    {
        const string device = "crash-meter-1";
        var count = Soak.Scale(20_000, 200_000);
        await using var hub = await SpineHub.StartAsync("gw-crash");
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        string[] arguments =
        [
            "--id", "gw-crash", "--secret", SpineHub.Secret, "--data", data, "--hub", hub.GrpcAddress.ToString(),
            "--http", "http://127.0.0.1:0", "--source", $"gen:device={device},count={count},rate=4000",
        ];
        var random = new Random(7);
        for (var kill = 1; kill <= 20; kill++)
        {
            await using var gateway = GatewayProcess.Start(arguments);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 1500)));
            Assert.False(gateway.HasExited, $"gateway exited by itself before kill {kill}:\n{gateway.Output}");
            await gateway.KillAsync();
        }
        await using (var last = GatewayProcess.Start(arguments))
        {
            await hub.AssertExactlyOnceAsync(device, count, Settle);
        }
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Hub_stopped_and_restarted_during_streaming_loses_and_duplicates_nothing()
    {
        const string device = "restart-meter-1";
        const int count = 30_000;
        await using var hub = await SpineHub.StartAsync("gw-restart");
        await using var gateway = await SpineGateway.StartAsync("gw-restart", hub.GrpcAddress, $"gen:device={device},count={count},rate=6000");

        await Task.Delay(1500);
        await hub.StopAsync();
        await Task.Delay(2000); // the gateway keeps accepting into its buffer meanwhile
        await hub.RestartAsync();
        await Task.Delay(1500);
        await hub.StopAsync();
        await hub.RestartAsync();

        await hub.AssertExactlyOnceAsync(device, count, Settle);
    }

    [Fact]
    public async Task Connections_cut_by_the_network_lose_and_duplicate_nothing()
    {
        const string device = "tunnel-monitor-1";
        const int count = 30_000;
        await using var hub = await SpineHub.StartAsync("gw-tunnel");
        await using var proxy = new CuttableTcpProxy(new IPEndPoint(IPAddress.Loopback, hub.GrpcPort));
        await using var gateway = await SpineGateway.StartAsync("gw-tunnel", new Uri($"http://127.0.0.1:{proxy.Port}"), $"gen:device={device},count={count},rate=6000");

        for (var cut = 0; cut < 8; cut++)
        {
            await Task.Delay(600);
            proxy.CutAll(refuseFor: cut % 3 == 0 ? TimeSpan.FromSeconds(1) : null);
        }

        await hub.AssertExactlyOnceAsync(device, count, Settle);
        Assert.True(proxy.ConnectionsAccepted > 1, "the gateway never reconnected, so the cuts tested nothing");
    }

    [Fact]
    public async Task Two_gateways_syncing_the_same_device_store_each_record_once()
    {
        const string device = "shared-cuff-1";
        const int count = 5_000;
        await using var hub = await SpineHub.StartAsync("gw-a", "gw-b");
        await using var first = await SpineGateway.StartAsync("gw-a", hub.GrpcAddress, $"gen:device={device},count={count},rate=0");
        await using var second = await SpineGateway.StartAsync("gw-b", hub.GrpcAddress, $"gen:device={device},count={count},rate=0");

        await hub.AssertExactlyOnceAsync(device, count, Settle);
        using var drained = new CancellationTokenSource(Settle);
        await first.WaitUntilDrainedAsync(drained.Token);
        await second.WaitUntilDrainedAsync(drained.Token);
        Assert.Equal(count, await hub.Host.Store.CountAsync(new() { DeviceId = device }));
    }
}
