using System.Globalization;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Ambulances;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Rule ids of the hub's own rules (stored and delivered like the gateway's: never rename).</summary>
public static class HubRuleIds
{
    /// <summary>A live feed that was streaming to the hub went silent at the hub: the link to it is lost.</summary>
    public const string StaleLink = "stale.link";
}

/// <summary>
/// <c>stale.link</c>: the hub's watch on live feeds (docs/alerts.md). A continuous feed (an ambulance monitor,
/// <see cref="ReadingSource.Mqtt"/>) that was streaming fresh readings to the hub and has delivered nothing for
/// <see cref="AlertOptions.LinkSilentSeconds"/> on the hub clock raises one urgent alert naming the unit and the
/// patient, unless its gateway's readings are still stored (then the link is up and the gateway's <c>stale.feed</c>
/// speaks for the monitor; for at most twice the silence) or its run is over. Any reading of the feed arriving again clears it, and the hub resolves
/// it itself. Signals go through <see cref="AlertService.ApplyAsync"/> like a gateway's, so the store, the audit
/// log, WatchAlerts, server-sent events and webhooks carry them unchanged.
/// </summary>
/// <remarks>Thread-safe: every ingest stream's ack loop observes, a timer checks. One semaphore orders the
/// signals, so a feed's Cleared is never applied before its Raised.</remarks>
public sealed partial class LinkWatch : IAsyncDisposable
{
    private const int MaxFeeds = 10_000;

    private readonly AlertService _alerts;
    private readonly AmbulanceRegistry _ambulances;
    private readonly GatewayRegistry? _gateways;
    private readonly BindingTable? _bindings;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly AlertMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeSpan _silence;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signals = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private bool _fullLogged;

    internal LinkWatch(AlertService alerts, AmbulanceRegistry ambulances, GatewayRegistry? gateways, BindingTable? bindings,
        HubOptions options, TimeProvider time, AlertMetrics metrics, ILogger logger)
    {
        var alertOptions = options.Alerts ?? new AlertOptions();
        if (alertOptions.LinkSilentSeconds < 0)
        {
            throw new InvalidOperationException($"Hub:Alerts:LinkSilentSeconds {alertOptions.LinkSilentSeconds} is negative (0 switches stale.link off).");
        }
        _alerts = alerts;
        _ambulances = ambulances;
        _gateways = gateways;
        _bindings = bindings;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _silence = TimeSpan.FromSeconds(alertOptions.LinkSilentSeconds);
        _interval = alertOptions.LinkCheckInterval > TimeSpan.Zero ? alertOptions.LinkCheckInterval : TimeSpan.FromSeconds(1);
    }

    /// <summary>False when <see cref="AlertOptions.LinkSilentSeconds"/> is 0.</summary>
    public bool Enabled => _silence > TimeSpan.Zero;

    /// <summary>Feeds armed now: streaming fresh readings, or silent with their alert open.</summary>
    public int Watched
    {
        get
        {
            lock (_lock)
            {
                return _feeds.Values.Count(f => f.Armed || f.Episode is not null);
            }
        }
    }

    /// <summary>
    /// Takes back every open <c>stale.link</c> alert (after a restart), so that the feed's next reading resolves
    /// it. Feeds without one are not armed until they stream to this hub again: a restart is no evidence that a
    /// link dropped, and units silent since before it show "link lost since …" on the dashboard.
    /// </summary>
    public async Task RestoreAsync(CancellationToken ct)
    {
        var open = await _alerts.ListAsync(new AlertFilter(OpenOnly: true), int.MaxValue, ct).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var alert in open.Where(a => a.RuleId == HubRuleIds.StaleLink && !a.ConditionCleared))
            {
                _feeds[alert.DeviceId] = new Feed(alert.DeviceId)
                {
                    PatientId = alert.PatientId,
                    LastArrival = alert.EpisodeStart,
                    LastArrivalStamp = _time.GetTimestamp(),
                    Episode = alert.EpisodeStart,
                    EpisodePatientId = alert.PatientId,
                };
            }
        }
        _metrics.SetLinkFeedsWatched(Watched);
    }

    /// <summary>Starts checking every <see cref="AlertOptions.LinkCheckInterval"/> (a no-op when switched off).</summary>
    public void Start()
    {
        if (Enabled)
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        await _loop.ConfigureAwait(false);
        // The semaphore is not disposed: an ack loop cut off by a stop that ran out of time may still observe.
        _stopping.Dispose();
    }

    /// <summary>
    /// Durable readings delivered by <paramref name="gatewayId"/> (ingest calls it after each acknowledged batch).
    /// A reading of a feed arms it when fresh (received by its gateway within the silence, i.e. live, not a
    /// backlog from long ago) and, fresh or not, clears the feed's open silence: the link is back.
    /// </summary>
    public ValueTask ObserveAsync(IReadOnlyList<Reading> readings, string gatewayId, CancellationToken ct)
    {
        if (!Enabled || readings.Count == 0 || _stopping.IsCancellationRequested)
        {
            return ValueTask.CompletedTask;
        }
        var now = Ms(_time.GetUtcNow());
        var stamp = _time.GetTimestamp();
        List<Feed>? resumed = null;
        lock (_lock)
        {
            foreach (var reading in readings)
            {
                // Spot checks (BLE, serial, manual) are not feeds: their patients have follow-ups.
                if (reading.Source != ReadingSource.Mqtt)
                {
                    continue;
                }
                var fresh = now - reading.ReceivedAt <= _silence;
                if (!_feeds.TryGetValue(reading.DeviceId, out var feed))
                {
                    if (!fresh)
                    {
                        continue;
                    }
                    if (_feeds.Count >= MaxFeeds)
                    {
                        _metrics.LinkFeedRefused();
                        if (!_fullLogged)
                        {
                            // Once: every reading of every unwatched feed would flood the log; the counter keeps count.
                            _fullLogged = true;
                            AlertLog.LinkFeedRefused(_logger, MaxFeeds, reading.DeviceId);
                        }
                        continue;
                    }
                    _feeds[reading.DeviceId] = feed = new Feed(reading.DeviceId);
                }
                feed.LastArrival = now;
                feed.LastArrivalStamp = stamp;
                feed.GatewayId = gatewayId;
                feed.PatientId = reading.PatientId ?? feed.PatientId;
                feed.Armed |= fresh;
                if (feed.Episode is not null && !(resumed ??= []).Contains(feed))
                {
                    resumed.Add(feed);
                }
            }
        }
        return resumed is null ? ValueTask.CompletedTask : new ValueTask(ResumeAsync(resumed, now, ct));
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, ct).ConfigureAwait(false);
                await CheckAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AlertLog.BackgroundFailed(_logger, ex, "link watch");
            }
        }
    }

    /// <summary>The longest a silence is left to the gateway's stale.feed while the gateway's data still gets stored.</summary>
    private TimeSpan DeferralCap => _silence * 2;

    private static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One feed (a monitor) as the hub last heard it.</summary>
    private sealed class Feed(string deviceId)
    {
        public string DeviceId { get; } = deviceId;

        public string? PatientId { get; set; }

        public string GatewayId { get; set; } = "";

        /// <summary>Hub clock (whole milliseconds, as the alert store keeps times) of the latest delivery.</summary>
        public DateTimeOffset LastArrival { get; set; }

        /// <summary>Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the latest delivery: silence is
        /// measured on it, so a step of the wall clock (NTP) neither raises nor holds back an alert.</summary>
        public long LastArrivalStamp { get; set; }

        /// <summary>A fresh reading arrived, or its last silence ended, since the feed was last disarmed (by a raise
        /// or the end of its run): its silence is news.</summary>
        public bool Armed { get; set; }

        /// <summary>Start of the open silence (its alert's episode start); null while the feed is heard.</summary>
        public DateTimeOffset? Episode { get; set; }

        /// <summary>The patient the open silence's alert was raised for (its Cleared must name the same subject).</summary>
        public string? EpisodePatientId { get; set; }
    }
}
