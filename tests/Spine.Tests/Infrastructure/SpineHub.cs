using Microsoft.Extensions.Configuration;
using TelemetryGateway.Hub;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>A real hub on a temp directory and random ports, with known gateways, restartable on the same port and data.</summary>
public sealed class SpineHub : IAsyncDisposable
{
    public const string Secret = "correct horse battery staple";

    /// <summary>The administrator token (Hub:Auth:BootstrapToken) the tests call /api/ with.</summary>
    public const string AdminToken = "spine-bootstrap-token-0123456789abcdefghijklmnop";
    private static readonly string SecretHash = SecretHasher.Hash(Secret);
    private readonly string[] _gateways;
    private readonly IReadOnlyDictionary<string, string?> _extra;
    private readonly TimeProvider? _time;
    private HubHost? _host;

    private SpineHub(string directory, string[] gateways, IReadOnlyDictionary<string, string?> extra, TimeProvider? time)
    {
        Directory = directory;
        _gateways = gateways;
        _extra = extra;
        _time = time;
    }

    public string Directory { get; }

    public HubHost Host => _host ?? throw new InvalidOperationException("the hub is stopped");

    public int GrpcPort { get; private set; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public static Task<SpineHub> StartAsync(params string[] gateways) => StartAsync(new Dictionary<string, string?>(), gateways);

    /// <summary>A hub with <paramref name="settings"/> added to its configuration (e.g. a Hub:Store section).</summary>
    public static Task<SpineHub> StartAsync(IReadOnlyDictionary<string, string?> settings, params string[] gateways) =>
        StartAsync(settings, null, gateways);

    /// <summary>A hub on <paramref name="time"/> (a test clock) instead of the system clock.</summary>
    public static async Task<SpineHub> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider? time, params string[] gateways)
    {
        var hub = new SpineHub(System.IO.Directory.CreateTempSubdirectory("tg-spine-hub-").FullName, gateways, settings, time);
        await hub.RestartAsync();
        return hub;
    }

    /// <summary>Starts the hub (again) on the same data directory and, after the first start, the same gRPC port.</summary>
    public async Task RestartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = Path.Combine(Directory, "data"),
            ["Hub:GrpcUrl"] = $"http://127.0.0.1:{(GrpcPort == 0 ? GrpcPort = TelemetryGateway.Tests.Shared.LoopbackPorts.Pick() : GrpcPort)}",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            ["Hub:Auth:BootstrapToken"] = AdminToken,
        };
        foreach (var gateway in _gateways)
        {
            settings[$"Hub:Gateways:{gateway}:Secret"] = SecretHash;
        }
        foreach (var (key, value) in _extra)
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _host = _time is null ? await HubHost.StartAsync(configuration) : await HubHost.StartAsync(configuration, _time);
        GrpcPort = _host.GrpcAddress.Port;
    }

    /// <summary>An HTTP client for the hub's API, signed in as administrator by the bootstrap token.</summary>
    public HttpClient CreateApiClient()
    {
        var http = new HttpClient { BaseAddress = Host.HttpAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(grace.Token);
            await host.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits until the hub holds <paramref name="count"/> readings of the device, then checks they are exactly the
    /// device record numbers 1..count, each once.
    /// </summary>
    public async Task AssertExactlyOnceAsync(string device, int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        long stored;
        while ((stored = await Host.Store.CountAsync(new ReadingQuery { DeviceId = device })) < count)
        {
            Assert.True(DateTime.UtcNow < until, $"the hub holds {stored} of {count} readings of {device} after {timeout}");
            await Task.Delay(100);
        }
        var readings = await Host.Store.QueryAsync(new ReadingQuery { DeviceId = device, Limit = 100_000, Order = QueryOrder.OldestFirst });
        var records = readings.Select(r => r.Reading.DeviceRecordNumber ?? -1).Order().ToList();
        Assert.Equal(count, records.Count);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), records);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
