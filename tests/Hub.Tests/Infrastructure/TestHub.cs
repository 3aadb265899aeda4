using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub.Tests.Infrastructure;

/// <summary>A real hub on random loopback ports over a temporary data directory, with three configured
/// gateways (gw-1, gw-2, and gw-revoked) and one device binding (cuff-bound → patient-7).</summary>
public sealed class TestHub : IAsyncDisposable
{
    public const string Gateway1 = "gw-1";
    public const string Gateway2 = "gw-2";
    public const string RevokedGateway = "gw-revoked";
    public const string Secret1 = "correct horse battery staple";
    public const string Secret2 = "second gateway secret";
    public const string BoundDevice = "cuff-bound";
    public const string BoundPatient = "patient-7";

    /// <summary>The administrator bootstrap token <see cref="Http"/> sends (the API needs a caller).</summary>
    public const string AdminToken = "test-bootstrap-token-0123456789abcdefghijklmnop";

    // PBKDF2 at 100 000 iterations costs tens of milliseconds: hash once per test run.
    private static readonly Lazy<string> Hash1 = new(() => SecretHasher.Hash(Secret1));
    private static readonly Lazy<string> Hash2 = new(() => SecretHasher.Hash(Secret2));

    private readonly bool _ownsDirectory;
    private readonly Action<Dictionary<string, string?>>? _configure;
    private readonly Func<HubOptions, CancellationToken, Task<IReadingStore>>? _storeFactory;
    private readonly TimeProvider _time;

    private TestHub(string dataDirectory, bool ownsDirectory, Action<Dictionary<string, string?>>? configure,
        Func<HubOptions, CancellationToken, Task<IReadingStore>>? storeFactory, TimeProvider? time)
    {
        _time = time ?? TimeProvider.System;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _configure = configure;
        _storeFactory = storeFactory;
    }

    /// <summary>Console logging when HUB_TEST_LOG=1 (for debugging a failing test), else none.</summary>
    private static ILoggerFactory Loggers { get; } = Environment.GetEnvironmentVariable("HUB_TEST_LOG") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug))
        : NullLoggerFactory.Instance;

    public string DataDirectory { get; }

    public HubHost Host { get; private set; } = null!;

    /// <summary>A client of the HTTP API as the administrator (bootstrap token).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client of the HTTP API with <paramref name="token"/>, or with no credentials when null.</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Host.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public static async Task<TestHub> StartAsync(
        Action<Dictionary<string, string?>>? configure = null,
        Func<HubOptions, CancellationToken, Task<IReadingStore>>? storeFactory = null,
        string? dataDirectory = null,
        TimeProvider? time = null)
    {
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "hub-tests-" + Guid.NewGuid().ToString("N"));
        var hub = new TestHub(directory, dataDirectory is null, configure, storeFactory, time);
        await hub.StartHostAsync();
        return hub;
    }

    /// <summary>Starts a new hub on the same data directory after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync() => StartHostAsync();

    public async Task StopAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Host.StopAsync(timeout.Token);
        await Host.DisposeAsync();
    }

    public Task<TestGateway> ConnectAsync(string gatewayId = Gateway1, string secret = Secret1) =>
        TestGateway.ConnectAsync(Host.GrpcAddress, gatewayId, secret);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task StartHostAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = DataDirectory,
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            ["Hub:HubId"] = "test-hub",
            [$"Hub:Gateways:{Gateway1}:Secret"] = Hash1.Value,
            [$"Hub:Gateways:{Gateway2}:Secret"] = Hash2.Value,
            [$"Hub:Gateways:{RevokedGateway}:Secret"] = Hash1.Value,
            [$"Hub:Gateways:{RevokedGateway}:Revoked"] = "true",
            ["Hub:Bindings:0:DeviceId"] = BoundDevice,
            ["Hub:Bindings:0:PatientId"] = BoundPatient,
            ["Hub:Auth:BootstrapToken"] = AdminToken,
        };
        _configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Host = await HubHost.StartAsync(configuration, _time, Loggers, _storeFactory, timeout.Token);
        Http = Client(AdminToken);
    }
}
