using TelemetryGateway.Storage.Influx;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>One influxd for a test class; each test uses its own database.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InfluxServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Options for a fresh database on this server, with a short retry budget so that a test
    /// of an unreachable server fails in seconds.</summary>
    public InfluxReadingStoreOptions Options(string? database = null) => new()
    {
        Url = Server.Url,
        Database = database ?? "t_" + Guid.NewGuid().ToString("N"),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        RetryMaxElapsed = TimeSpan.FromSeconds(3),
    };
}
