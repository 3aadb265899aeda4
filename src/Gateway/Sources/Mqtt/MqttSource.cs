using System.Text;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Monitors;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>
/// Ambulance monitors over MQTT (docs/monitor-json.md): the embedded broker's ingest hook and/or a
/// subscription at an external broker feed one <see cref="MonitorIngest"/>, which acknowledges each message
/// only after its readings are durable in the buffer. Reports monitors that fall silent.
/// </summary>
public sealed partial class MqttSource : IGatewaySource
{
    private readonly MqttSourceOptions _options;
    private readonly string _gatewayId;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private MonitorIngest? _ingest;

    internal MqttSource(MqttSourceOptions options, string gatewayId, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _gatewayId = gatewayId;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("TelemetryGateway.Gateway.Sources.Mqtt");
        Liveness = new MonitorLiveness(options.SilenceThreshold, time);
    }

    public string Name => $"mqtt:{string.Join(",", new[] { _options.BrokerUrl, _options.Listen }.Where(s => !string.IsNullOrWhiteSpace(s)))}";

    /// <summary>Which monitors are publishing and which have gone silent; <see cref="MonitorLiveness.Changed"/> for the alert code.</summary>
    public MonitorLiveness Liveness { get; }

    public MqttSourceMetrics Metrics { get; } = new();

    /// <summary>Latest ambulance position per monitor.</summary>
    public IReadOnlyDictionary<string, AmbulancePosition> Positions => _ingest?.Positions ?? new Dictionary<string, AmbulancePosition>();

    /// <summary>Latest monitor status per monitor.</summary>
    public IReadOnlyDictionary<string, MonitorStatus> Statuses => _ingest?.Statuses ?? new Dictionary<string, MonitorStatus>();

    public async Task RunAsync(IReadingSink sink, CancellationToken ct)
    {
        var ingest = new MonitorIngest(sink, Liveness, Metrics, _time, _logger);
        _ingest = ingest;
        var tasks = new List<Task> { WatchSilenceAsync(ct) };
        if (_options.ListenEndpoints.Count > 0)
        {
            tasks.Add(RunBrokerAsync(ingest, ct));
        }
        if (!string.IsNullOrWhiteSpace(_options.BrokerUrl))
        {
            tasks.Add(RunClientAsync(ingest, ct));
        }
        // Any part failing ends the source (the host logs it); cancellation ends all of them.
        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        await first.ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public void AppendMetrics(StringBuilder text) => Metrics.Append(text, Liveness.Monitors, ClientCounters);

    private async Task WatchSilenceAsync(CancellationToken ct)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_options.SilenceThreshold.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(period, _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            foreach (var change in Liveness.Check())
            {
                MqttSourceLog.MonitorSilent(_logger, change.Device, (change.At - change.LastSeen).TotalSeconds, change.LastSeen);
            }
        }
    }
}
