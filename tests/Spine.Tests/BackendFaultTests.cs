using System.Net;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// Faults around a real time-series backend, end to end (gateway → hub → influxd / victoria-metrics), each
/// ending with the backend's own query API holding every reading exactly once: the gateway process killed
/// with SIGKILL and restarted (it replays what it sent but never saw acknowledged), and the hub's connection
/// to the backend cut repeatedly and answered 503 with Retry-After by a proxy.
/// </summary>
public sealed class BackendFaultTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("influxdb")]
    [InlineData("victoriametrics")]
    public async Task Gateway_killed_with_SIGKILL_replays_into_the_backend_without_double_counting(string kind)
    {
        var device = $"crash-{kind}";
        const int count = 6_000;
        await using var backend = await BackendHub.StartBackendAsync(kind);
        await using var hub = await SpineHub.StartAsync(BackendHub.StoreSettings(kind, backend.Url), "gw-crash");
        var data = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName;
        string[] arguments =
        [
            "--id", "gw-crash", "--secret", SpineHub.Secret, "--data", data, "--hub", hub.GrpcAddress.ToString(),
            "--http", "http://127.0.0.1:0", "--source", $"gen:device={device},count={count},rate=500",
        ];
        var random = new Random(11);
        for (var kill = 1; kill <= 5; kill++)
        {
            await using var gateway = GatewayProcess.Start(arguments);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(800, 2000)));
            Assert.False(gateway.HasExited, $"gateway exited by itself before kill {kill}:\n{gateway.Output}");
            await gateway.KillAsync();
        }
        await using (var last = GatewayProcess.Start(arguments))
        {
            await BackendRecords.AssertExactlyOnceAsync(kind, backend.Url, device, count, Settle);
        }
        Assert.Equal(0, hub.Host.Metrics.ReadingsRejectedTotal);
        // The hub's hub_readings_stored_total is no proof here either way: a write that completed while its
        // stream died with the killed gateway is not counted, and a VictoriaMetrics write that failed after
        // landing is rewritten at the same millisecond when replayed and counted again. The backend's own
        // count above is the proof.
        Directory.Delete(data, recursive: true);
    }

    [Theory]
    [InlineData("influxdb")]
    [InlineData("victoriametrics")]
    public async Task Backend_connections_cut_and_refused_with_Retry_After_are_retried_exactly_once(string kind)
    {
        // Three monitors at 300 readings/s each: VictoriaMetrics holds one sample per series and millisecond,
        // so one series near 1,000/s leaves no room for a generator catching up in bursts on a loaded machine.
        string[] devices = [$"flaky-{kind}-1", $"flaky-{kind}-2", $"flaky-{kind}-3"];
        const int count = 2_000;
        await using var backend = await BackendHub.StartBackendAsync(kind);
        await using var proxy = new FaultyHttpProxy(new IPEndPoint(IPAddress.Loopback, backend.Port)) { RejectEvery = 2, RetryAfterSeconds = 1 };
        // Retry budget above the Retry-After, so the 503s are waited out rather than failing the write.
        await using var hub = await SpineHub.StartAsync(BackendHub.StoreSettings(kind, proxy.Url, retryMaxElapsed: "00:00:10"), "gw-flaky");
        await using var gateway = await SpineGateway.StartAsync("gw-flaky", hub.GrpcAddress, [.. devices.Select(d => $"gen:device={d},count={count},rate=300")]);

        for (var cut = 0; cut < 40 && (cut < 6 || proxy.Rejected < 2); cut++)
        {
            await Task.Delay(400);
            proxy.CutAll();
        }
        using var drained = new CancellationTokenSource(Settle);
        await gateway.WaitUntilDrainedAsync(drained.Token);

        Assert.Equal(0, hub.Host.Metrics.ReadingsRejectedTotal);
        foreach (var device in devices)
        {
            // Everything is acknowledged, so everything must be stored and searchable now.
            await BackendRecords.AssertExactlyOnceAsync(kind, backend.Url, device, count, TimeSpan.FromSeconds(10));
        }
        Assert.True(proxy.Rejected >= 2, $"the proxy answered only {proxy.Rejected} requests with 503");
        Assert.True(await BackendHub.MetricAsync(hub, kind, "hub_store_backend_retries_total") >= proxy.Rejected,
            "every 503 was counted as a retried failure");
        // The client waited as long as Retry-After asked before its next attempt (a lower bound: load only adds).
        Assert.All(proxy.WaitsAfterRejection, wait => Assert.True(wait >= TimeSpan.FromMilliseconds(950), $"retried after {wait.TotalMilliseconds} ms"));
    }
}
