using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Gateway.Alerts;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Gateway.Sources;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway;

/// <summary>
/// The edge gateway: durable buffer, reading sink, uplink to the hub, configured sources, and /healthz and
/// /metrics over HTTP. Start with <see cref="StartAsync(IConfiguration, ILoggerFactory?, CancellationToken)"/>;
/// stop with <see cref="StopAsync"/> or dispose.
/// </summary>
public sealed partial class GatewayHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly GrpcChannel _channel;
    private readonly WebApplication _http;
    private readonly Pulse _acked;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Task _uplink = Task.CompletedTask;
    private Task _alertClock = Task.CompletedTask;
    private Task[] _sources = [];
    private Task? _stopping;

    private GatewayHost(
        GatewayOptions options, EdgeBufferStore buffer, ReadingSink sink, GatewayMetrics metrics, GrpcChannel channel,
        WebApplication http, Pulse acked, TimeProvider time, ILogger logger, EdgeAlerts? alerts)
    {
        Alerts = alerts;
        Options = options;
        Buffer = buffer;
        Sink = sink;
        Metrics = metrics;
        _channel = channel;
        _http = http;
        _acked = acked;
        _time = time;
        _logger = logger;
        HttpAddress = HttpAddressOf(http);
    }

    public GatewayOptions Options { get; }

    /// <summary>Where sources hand readings in.</summary>
    public IReadingSink Sink { get; }

    public GatewayMetrics Metrics { get; }

    /// <summary>Base address of /healthz and /metrics (the real port when HttpUrl asked for port 0).</summary>
    public Uri HttpAddress { get; }

    public EdgeBufferStore Buffer { get; }

    public UplinkState UplinkState => Metrics.UplinkState;

    /// <summary>The edge alert rules; null when Gateway:Alerts:Enabled is false.</summary>
    internal EdgeAlerts? Alerts { get; }

    /// <summary>Starts the gateway; throws <see cref="GatewayConfigurationException"/> for bad settings (unknown source spec …).</summary>
    public static Task<GatewayHost> StartAsync(IConfiguration configuration, ILoggerFactory? loggers = null, CancellationToken ct = default) =>
        StartAsync(GatewayOptions.FromConfiguration(configuration), loggers, null, ct);

    internal static async Task<GatewayHost> StartAsync(
        GatewayOptions options, ILoggerFactory? loggers, GatewayTestHooks? hooks, CancellationToken ct)
    {
        options.Validate();
        loggers ??= NullLoggerFactory.Instance;
        hooks ??= new GatewayTestHooks();
        var time = hooks.Time ?? TimeProvider.System;
        var logger = loggers.CreateLogger("TelemetryGateway.Gateway");
        Directory.CreateDirectory(options.DataDirectory);
        var sources = SourceFactory.CreateAll(options, time, loggers);
        var channel = HubChannelFactory.Create(options, loggers, time);

        var buffer = await EdgeBufferStore.OpenAsync(
            new EdgeBufferOptions { Path = Path.Combine(options.DataDirectory, "buffer.db"), CapacityBytes = options.BufferCapacityBytes },
            time, loggers.CreateLogger("TelemetryGateway.Storage.EdgeBuffer"), ct).ConfigureAwait(false);
        WebApplication? http = null;
        try
        {
            var bindings = new DeviceBindingTable(options.DataDirectory);
            await bindings.LoadAsync(ct).ConfigureAwait(false);
            var metrics = new GatewayMetrics();
            var signal = new WorkSignal();
            var acked = new Pulse();
            var alerts = await StartAlertsAsync(options, bindings, time, loggers, ct).ConfigureAwait(false);
            var sink = new ReadingSink(buffer, bindings, metrics, signal.Committed, time, loggers.CreateLogger("TelemetryGateway.Gateway.Ingest"), alerts: alerts);
            http = await StartHttpAsync(options, buffer, metrics, sources, alerts, time, loggers, ct).ConfigureAwait(false);
            var host = new GatewayHost(options, buffer, sink, metrics, channel, http, acked, time, logger, alerts);
            var context = new UplinkContext(options, buffer, bindings, metrics, channel, signal, acked, time, loggers.CreateLogger("TelemetryGateway.Gateway.Uplink"))
            {
                OnAcknowledged = hooks.OnAcknowledged,
                Alerts = alerts,
                SafetyInterval = hooks.SafetyInterval ?? TimeSpan.FromSeconds(1),
            };
            var retry = new RetryPolicy(options.Reconnect.InitialDelay, options.Reconnect.MaxDelay, time, hooks.Random);
            host.Start(new UplinkService(context, retry), sources, signal);
            GatewayLog.Started(logger, options.Id, options.HubUrl, host.HttpAddress.ToString(), sources.Length);
            return host;
        }
        catch
        {
            if (http is not null)
            {
                await http.DisposeAsync().ConfigureAwait(false);
            }

            channel.Dispose();
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when every configured finite source (generator) has finished; throws if one failed.</summary>
    public Task WaitForSourcesAsync(CancellationToken ct) => Task.WhenAll(_sources).WaitAsync(ct);

    /// <summary>
    /// Completes when every configured finite source (generator) has finished and the buffer is empty, i.e.
    /// the hub acknowledged everything. Throws if a source failed.
    /// </summary>
    public async Task WaitUntilDrainedAsync(CancellationToken ct)
    {
        await WaitForSourcesAsync(ct).ConfigureAwait(false);
        while (true)
        {
            // Take the next ack's task before looking, so an ack in between is not missed.
            var nextAck = _acked.WaitAsync(ct);
            if ((await Buffer.GetStatsAsync(ct).ConfigureAwait(false)).Count == 0)
            {
                return;
            }

            try
            {
                await nextAck.WaitAsync(TimeSpan.FromSeconds(1), _time, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Safety net only: acks wake this loop.
            }
        }
    }

    /// <summary>
    /// Stops sources and the uplink (unacknowledged readings stay buffered for the next start), stops HTTP and
    /// closes the buffer after committing what is queued. Safe to call more than once.
    /// </summary>
    public Task StopAsync(CancellationToken ct = default)
    {
        lock (_stop)
        {
            _stopping ??= StopCoreAsync();
        }

        return _stopping.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Start(UplinkService uplink, IGatewaySource[] sources, WorkSignal signal)
    {
        _uplink = Task.Run(() => uplink.RunAsync(_stop.Token));
        if (Alerts is { } alerts)
        {
            _alertClock = Task.Run(() => alerts.RunAsync(Buffer, signal.Committed, _stop.Token));
        }
        _sources = [.. sources.Select(source => Task.Run(() => RunSourceAsync(source)))];
    }

    private async Task RunSourceAsync(IGatewaySource source)
    {
        try
        {
            await source.RunAsync(Sink, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            SourceLog.SourceFailed(_logger, ex, source.Name);
            throw;
        }
    }

    private async Task StopCoreAsync()
    {
        GatewayLog.Stopping(_logger, Options.Id);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Quietly(Task.WhenAll(_sources)).ConfigureAwait(false);
        await Quietly(_alertClock).ConfigureAwait(false);
        if (Alerts is { } alerts)
        {
            // Sources have stopped: nothing is judged any more, so this state is the last word.
            await Quietly(alerts.SaveAsync(force: true, CancellationToken.None)).ConfigureAwait(false);
        }
        await Quietly(_uplink).ConfigureAwait(false);
        await Quietly(_http.StopAsync()).ConfigureAwait(false);
        await _http.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
        await Buffer.DisposeAsync().ConfigureAwait(false);
        GatewayLog.Stopped(_logger, Options.Id);
    }

    private async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GatewayLog.StopError(_logger, ex);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>Test seams of <see cref="GatewayHost"/>: clock, randomness, ack observation, timers.</summary>
internal sealed class GatewayTestHooks
{
    public TimeProvider? Time { get; init; }

    public Random? Random { get; init; }

    public Action<IReadOnlyList<SequenceRange>>? OnAcknowledged { get; init; }

    public TimeSpan? SafetyInterval { get; init; }
}
