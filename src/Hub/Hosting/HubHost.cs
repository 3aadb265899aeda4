using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Grpc.Health;
using TelemetryGateway.Grpc.Server;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Auth;
using TelemetryGateway.Storage;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Hub.Ambulances;

namespace TelemetryGateway.Hub;

/// <summary>The central hub: one Kestrel host with the gRPC ingest listener and the HTTP API listener,
/// over the series store in <see cref="HubOptions.DataDirectory"/>.</summary>
public sealed class HubHost : IAsyncDisposable
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly IngestService _ingest;
    private readonly AlertService _alerts;
    private readonly LinkWatch _links;
    private readonly AuthService _auth;
    private readonly HubCertificates _certificates;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _stopOnce = new(1, 1);
    private bool _stopped;

    private HubHost(WebApplication app, IngestService ingest, AlertService alerts, LinkWatch links, AuthService auth, HubCertificates certificates, IReadingStore store, HubMetrics metrics, HubOptions options, string hubId, ILogger logger)
    {
        _app = app;
        _ingest = ingest;
        _alerts = alerts;
        _links = links;
        _auth = auth;
        _certificates = certificates;
        Store = store;
        Metrics = metrics;
        Options = options;
        HubId = hubId;
        _logger = logger;
    }

    /// <summary>Where gateways connect, with the port actually bound.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The HTTP API, with the port actually bound.</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>The series store (open until the hub stops).</summary>
    public IReadingStore Store { get; }

    /// <summary>The alert lifecycle: where ingest applies edge alert signals, and the alert API's backing.</summary>
    public AlertService Alerts => _alerts;

    /// <summary>The hub's own watch on live feeds: <c>stale.link</c> when one goes silent at the hub.</summary>
    public LinkWatch Links => _links;

    /// <summary>Durable readings fanned out to the dashboard's live streams.</summary>
    public Live.LiveFeed Live { get; private init; } = null!;

    /// <summary>Sign-in, sessions, tokens and scopes (src/Hub/Auth).</summary>
    public AuthService Auth => _auth;

    /// <summary>Latest position/status per ambulance (GET /api/ambulances).</summary>
    public AmbulanceRegistry Ambulances { get; private set; } = new();

    /// <summary>Writes the ambulances to <c>ambulances.db</c> and restored them at start.</summary>
    private AmbulancePersistence AmbulanceStore { get; init; } = null!;

    /// <summary>The hub's counters.</summary>
    public HubMetrics Metrics { get; }

    /// <summary>The options the hub runs with.</summary>
    public HubOptions Options { get; }

    /// <summary>The id the hub sends in Welcome.</summary>
    public string HubId { get; }

    /// <summary>Starts a hub from the <c>Hub</c> section of <paramref name="configuration"/> on the system clock.</summary>
    public static Task<HubHost> StartAsync(IConfiguration configuration, ILoggerFactory? loggers = null, CancellationToken ct = default) =>
        StartAsync(configuration, TimeProvider.System, loggers, ct);

    /// <summary>Starts a hub from the <c>Hub</c> section of <paramref name="configuration"/>.</summary>
    /// <param name="configuration">Configuration holding the <c>Hub</c> section.</param>
    /// <param name="time">The hub clock: validation ("received in the future"), last contact, store times.</param>
    /// <param name="loggers">Loggers; none when null.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static Task<HubHost> StartAsync(IConfiguration configuration, TimeProvider time, ILoggerFactory? loggers = null, CancellationToken ct = default) =>
        StartAsync(configuration, time, loggers, storeFactory: null, ct);

    /// <summary>Starts a hub over the store <paramref name="storeFactory"/> opens (the SQLite store under
    /// DataDirectory when null); the hub owns and disposes it.</summary>
    internal static async Task<HubHost> StartAsync(
        IConfiguration configuration, TimeProvider time, ILoggerFactory? loggers,
        Func<HubOptions, CancellationToken, Task<IReadingStore>>? storeFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        loggers ??= NullLoggerFactory.Instance;
        var options = configuration.GetSection(HubOptions.SectionName).Get<HubOptions>() ?? new HubOptions();
        HubOptionsValidator.Validate(options);
        AuthOptionsValidator.Validate(options.Auth);
        var grpcListen = ListenAddress.Parse(options.GrpcUrl, "Hub:GrpcUrl");
        var httpListen = ListenAddress.Parse(options.HttpUrl, "Hub:HttpUrl");
        var hubId = string.IsNullOrWhiteSpace(options.HubId) ? Environment.MachineName : options.HubId;
        var logger = loggers.CreateLogger("TelemetryGateway.Hub");

        var certificates = HubCertificates.Load(options, grpcListen.Tls || httpListen.Tls);
        IReadingStore? store = null;
        WebApplication? app = null;
        IngestService? ingest = null;
        AlertService? alerts = null;
        ConfigurationFeed? configurations = null;
        AuthService? auth = null;
        AmbulancePersistence? ambulanceStore = null;
        LinkWatch? links = null;
        try
        {
            store = storeFactory is null
                ? await ReadingStoreFactory.CreateAsync(configuration.GetSection("Hub:Store"), options.DataDirectory, time, loggers, ct).ConfigureAwait(false)
                : await storeFactory(options, ct).ConfigureAwait(false);
            var metrics = new HubMetrics();
            alerts = await AlertService.OpenAsync(options, hubId, time, metrics.Alerts, loggers.CreateLogger("TelemetryGateway.Hub.Alerts"), ct: ct).ConfigureAwait(false);
            auth = AuthService.Open(options, time, loggers.CreateLogger("TelemetryGateway.Hub.Auth"));
            var authMetrics = auth;
            metrics.Sections.Add(output => authMetrics.Metrics.WritePrometheus(output, authMetrics.SessionCount));
            var gateways = new GatewayRegistry(options.Gateways.Keys);
            var ambulances = new AmbulanceRegistry();
            ambulanceStore = AmbulancePersistence.Start(Path.Combine(options.DataDirectory, "ambulances.db"), ambulances,
                metrics.Ambulances, loggers.CreateLogger("TelemetryGateway.Hub.Ambulances"));
            var bindings = new BindingTable(options.Bindings);
            configurations = new ConfigurationFeed(bindings, alerts);
            var live = new Live.LiveFeed(metrics.Live);
            links = new LinkWatch(alerts, ambulances, gateways, bindings, options, time, metrics.Alerts, loggers.CreateLogger("TelemetryGateway.Hub.Alerts"));
            await links.RestoreAsync(ct).ConfigureAwait(false);
            var clientCertificatesTrusted = grpcListen.Tls && certificates.ClientAuthority is not null;
            ingest = new IngestService(new IngestDependencies(
                hubId,
                options.MaxBatchReadings,
                store,
                new GatewayAuthenticator(options.Gateways, clientCertificatesTrusted),
                gateways,
                bindings,
                new BatchPreparer(ReadingValidator.Default, bindings, metrics, store.CannotStore),
                metrics,
                time,
                logger)
            {
                Alerts = alerts,
                Configurations = configurations,
                Live = live,
                Ambulances = ambulances,
                Links = links,
            });

            ListenOptions? httpListener = null;
            // No appsettings reload: its watcher follows every file under the working directory, where the data
            // directory often lies, and woke on each database write (measured: 5-10 % of the process's CPU).
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
            builder.Configuration.Sources.Clear();
            builder.Logging.ClearProviders();
            builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
            builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, OwnerControlledLifetime>());
            builder.Services.AddGrpcServer(o =>
            {
                o.TimeProvider = time;
                o.MaxReceiveMessageSize = MaxMessageBytes;
            });
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.ListenGrpc(grpcListen.EndPoint, grpcListen.Tls ? certificates.Server : null,
                    grpcListen.Tls ? certificates.ClientAuthority : null);
                kestrel.Listen(httpListen.EndPoint, listen =>
                {
                    // Browsers speak HTTP/2 only over TLS; in cleartext offering it just earns a startup warning.
                    listen.Protocols = httpListen.Tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    if (httpListen.Tls)
                    {
                        listen.UseHttps(certificates.Server!);
                    }
                    ListenerTag.MarkHttpApi(listen);
                    httpListener = listen;
                });
            });
            app = builder.Build();
            var ingestService = ingest.BindService();
            var health = new HealthService().BindService();
            app.MapWhen(http => !ListenerTag.IsHttpApi(http), grpc =>
            {
                grpc.UseGrpcServer(ingestService, health, WatchAlertsService.Bind(alerts, auth));
                grpc.Run(http =>
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
            // Everything under /api/ on the HTTP listener needs a caller (src/Hub/Auth/Http/AuthMiddleware.cs).
            var authenticated = auth;
            app.Use((http, next) => AuthMiddleware.InvokeAsync(http, () => next(http), authenticated));
            AuthEndpoints.Map(app, auth, options.Auth.SecureCookie ?? httpListen.Tls);
            HubEndpoints.Map(app, hubId, store, metrics, app.Services.GetRequiredService<GrpcServerMetrics>(), gateways, alerts);
            DashboardEndpoints.Map(app, options, store, live, gateways, ambulances, time);
            AmbulanceEndpoints.Map(app, ambulances);
            await app.StartAsync(ct).ConfigureAwait(false);
            alerts.Start();
            links.Start();

            var host = new HubHost(app, ingest, alerts, links, auth, certificates, store, metrics, options, hubId, logger) { Live = live, Ambulances = ambulances, AmbulanceStore = ambulanceStore };
            var httpPort = ((IPEndPoint)httpListener!.EndPoint).Port;
            var grpcPort = BoundPorts(app).Single(port => port != httpPort);
            host.GrpcAddress = Address(grpcListen, grpcPort);
            host.HttpAddress = Address(httpListen, httpPort);
            HubLog.Started(logger, hubId, host.GrpcAddress, host.HttpAddress, Path.GetFullPath(options.DataDirectory));
            return host;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
            ingest?.Dispose();
            if (links is not null)
            {
                await links.DisposeAsync().ConfigureAwait(false);
            }
            configurations?.Dispose();
            auth?.Dispose();
            if (ambulanceStore is not null)
            {
                await ambulanceStore.DisposeAsync().ConfigureAwait(false);
            }
            if (alerts is not null)
            {
                await alerts.DisposeAsync().ConfigureAwait(false);
            }
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            certificates.Dispose();
            throw;
        }
    }

    /// <summary>Stops gracefully: stops taking batches, lets every stream acknowledge what is in flight and end
    /// with UNAVAILABLE, stops the listeners, then closes the store. When <paramref name="cancellationToken"/>
    /// fires first, open streams are cut off instead (nothing unacknowledged is lost: gateways resend it).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopOnce.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            HubLog.Stopping(_logger, _ingest.ActiveStreams);
            try
            {
                await _ingest.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Out of time: Kestrel aborts what is left.
            }
            // No more link checks: a stopping hub hears nothing, which says nothing about the links.
            await _links.DisposeAsync().ConfigureAwait(false);
            // Alert watchers (gRPC, server-sent events) end first: they would hold the listeners open.
            await _alerts.StopAsync().ConfigureAwait(false);
            Live.Stop();
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            // No ingest stream applies updates any more: the last ones are written before the file closes.
            await AmbulanceStore.DisposeAsync().ConfigureAwait(false);
            await _alerts.DisposeAsync().ConfigureAwait(false);
            await Store.DisposeAsync().ConfigureAwait(false);
            _auth.Dispose();
            HubLog.Stopped(_logger);
        }
        finally
        {
            _stopOnce.Release();
        }
    }

    /// <summary>Stops (allowing in-flight acknowledgements 10 s) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _ingest.Dispose();
        _certificates.Dispose();
        _stopOnce.Dispose();
    }

    private static IEnumerable<int> BoundPorts(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal)).Port);

    /// <summary>The URL clients use: the configured host (any-address becomes loopback) and the bound port.</summary>
    private static Uri Address(ListenAddress listen, int port)
    {
        var ip = listen.EndPoint.Address;
        var host = string.Equals(listen.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? "localhost"
            : ip.Equals(IPAddress.Any) ? "127.0.0.1"
            : ip.Equals(IPAddress.IPv6Any) ? "[::1]"
            : ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]"
            : ip.ToString();
        return new Uri($"{(listen.Tls ? "https" : "http")}://{host}:{port}");
    }
}
