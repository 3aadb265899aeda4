using TelemetryGateway.Storage.Tests.Influx;
using TelemetryGateway.Storage.VictoriaMetrics;

namespace TelemetryGateway.Storage.Tests.VictoriaMetrics;

/// <summary>victoria-metrics (Debian package <c>victoria-metrics</c>) under a test, on a free loopback port
/// with a temporary data directory, configured as README.md recommends for the hub: a retention long
/// enough for back-filled readings and one sample per series per millisecond.</summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public static Task<ServerProcess> StartAsync() => StartAsync("1ms");

    /// <summary>Started with <c>-dedup.minScrapeInterval=<paramref name="dedup"/></c>, or without it when null.</summary>
    public static Task<ServerProcess> StartAsync(string? dedup) =>
        ServerProcess.StartAsync("victoria-metrics", "victoria-metrics", "victoria-metrics", server =>
        [
            $"-httpListenAddr=127.0.0.1:{server.Port}",
            $"-storageDataPath={server.Directory}/data",
            "-retentionPeriod=100y",
            .. dedup is null ? Array.Empty<string>() : [$"-dedup.minScrapeInterval={dedup}"],
            "-loggerLevel=ERROR",
        ], "health");

    public async Task InitializeAsync() => Server = await StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Options with a measurement of its own, so tests on one server do not see each other.</summary>
    public VictoriaMetricsReadingStoreOptions Options(string? measurement = null) => new()
    {
        Url = Server.Url,
        Measurement = measurement ?? "t" + Guid.NewGuid().ToString("N"),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        RetryMaxElapsed = TimeSpan.FromSeconds(3),
    };
}
