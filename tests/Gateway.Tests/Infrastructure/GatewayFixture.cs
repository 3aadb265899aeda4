using Microsoft.Extensions.Configuration;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Tests.Infrastructure;

/// <summary>A temporary data directory and the settings to start a gateway in it against a test hub.</summary>
internal sealed class GatewayFixture : IDisposable
{
    public const string Secret = "s3cret";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public GatewayFixture()
    {
        DataDirectory = Directory.CreateTempSubdirectory("gateway-").FullName;
    }

    public string DataDirectory { get; }

    public GatewayOptions Options(Uri hub, params string[] sources) => new()
    {
        Id = "gw-test",
        Secret = Secret,
        DataDirectory = DataDirectory,
        HubUrl = hub.ToString(),
        HttpUrl = "http://127.0.0.1:0",
        Reconnect = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) },
        Sources = [.. sources],
    };

    /// <summary>Where gateways started by this fixture log; null logs nothing.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? Loggers { get; set; }

    public Task<GatewayHost> StartAsync(GatewayOptions options, GatewayTestHooks? hooks = null) =>
        GatewayHost.StartAsync(options, Loggers, hooks, CancellationToken.None).WaitAsync(Timeout);

    /// <summary>Through the public entry point: configuration section "Gateway".</summary>
    public Task<GatewayHost> StartFromConfigurationAsync(Dictionary<string, string?> settings) =>
        GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).WaitAsync(Timeout);

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the temp cleaner rather than hide the test's own outcome.
        }
    }

    public static Reading HeartRate(string device, long record, ReadingPriority priority = ReadingPriority.Bulk, string? patient = null, double value = 72) => new()
    {
        Kind = ReadingKinds.HeartRate,
        Value = value,
        Unit = "/min",
        DeviceId = device,
        PatientId = patient,
        Source = ReadingSource.Generator,
        MeasuredAt = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        DeviceRecordNumber = record,
        Priority = priority,
    };

    public static async Task<long[]> BufferedSequences(EdgeBufferStore buffer)
    {
        var items = await buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue);
        return [.. items.Select(i => i.Sequence)];
    }
}
