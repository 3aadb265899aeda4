using Microsoft.Extensions.Logging;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>
/// The hub's alerts: turns signals (raised at gateways or at the hub) into alerts with a lifecycle
/// (raised → acknowledged → resolved), escalates them along the follow-up path, keeps every change in an
/// append-only audit log, and delivers each change to watchers (gRPC, server-sent events) and webhooks.
/// README.md gives the rules of the lifecycle.
/// </summary>
/// <remarks>One lock serialises every change: each is one SQLite transaction (alert, audit entry, webhook
/// outbox) committed before it is published, so the event id order is the order of the log.</remarks>
public sealed partial class AlertService : IAlertIntake, IAsyncDisposable
{
    private const int WatcherCapacity = 4096;

    private readonly AlertStore _store;
    private readonly AlertOptions _options;
    private readonly PatientDirectory _directory;
    private readonly TimeProvider _time;
    private readonly AlertMetrics _metrics;
    private readonly ILogger _logger;
    private readonly AlertSeverity _autoResolveUpTo;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AlertFeed _feed = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;
    private bool _disposed;

    private AlertService(AlertStore store, AlertOptions options, PatientDirectory directory, string hubId,
        TimeProvider time, AlertMetrics metrics, ILogger logger, HttpMessageHandler? webhookHandler)
    {
        _store = store;
        _options = options;
        _directory = directory;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _autoResolveUpTo = ParseAutoResolve(options.AutoResolveClearedUpTo);
        _webhooks = Webhook.FromOptions(options.Webhooks);
        _sender = new WebhookSender(hubId, webhookHandler);
    }

    /// <summary>Opens the alert database (<see cref="AlertOptions.Path"/>, else <c>alerts.db</c> in the hub's
    /// data directory) with the settings of <paramref name="options"/>; <see cref="Start"/> begins escalation
    /// checks and webhook deliveries.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static Task<AlertService> OpenAsync(HubOptions options, string hubId, TimeProvider time, AlertMetrics metrics,
        ILogger logger, HttpMessageHandler? webhookHandler = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        var alertOptions = options.Alerts ?? new AlertOptions();
        var directory = new PatientDirectory(options.Patients, options.Clinics);
        var path = string.IsNullOrWhiteSpace(alertOptions.Path) ? Path.Combine(options.DataDirectory, "alerts.db") : alertOptions.Path;
        return Task.Run(() =>
        {
            var store = AlertStore.Open(path);
            try
            {
                var service = new AlertService(store, alertOptions, directory, hubId, time, metrics, logger, webhookHandler);
                service.LoadRules();
                metrics.SetOpen(store.CountOpen());
                AlertLog.Opened(logger, path, metrics.OpenAlerts, service.RulesVersion, service._webhooks.Count);
                return service;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }, ct);
    }

    /// <summary>Starts the escalation checks and the webhook deliveries.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _background = Task.WhenAll(
            Task.Run(() => RunEscalationsAsync(_stopping.Token)),
            Task.Run(() => RunDeliveriesAsync(_stopping.Token)));
    }

    /// <summary>Ends every watcher and stops the background work; pending webhook deliveries stay in the
    /// outbox for the next start.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        _feed.CompleteAll();
        await _background.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await StopAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            _store.Dispose();
        }
        finally
        {
            _gate.Release();
        }
        _sender.Dispose();
        _stopping.Dispose();
    }

    /// <summary>One alert by id.</summary>
    public Task<AlertRecord?> GetAsync(long id, CancellationToken ct) => ReadAsync(store => store.Find(id), ct);

    /// <summary>Alerts matching <paramref name="filter"/>, newest first.</summary>
    public Task<List<AlertRecord>> ListAsync(AlertFilter filter, int limit, CancellationToken ct) =>
        ReadAsync(store => store.List(filter, limit), ct);

    /// <summary>Audit entries after <paramref name="afterEventId"/>, oldest first.</summary>
    public Task<List<AlertChange>> AuditAsync(AlertFilter filter, long? alertId, long afterEventId, int limit, CancellationToken ct) =>
        ReadAsync(store => store.Audit(filter, alertId, afterEventId, limit), ct);

    private async Task<T> ReadAsync<T>(Func<AlertStore, T> read, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return read(_store);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one change in one transaction: <paramref name="work"/> appends its audit entries to the
    /// list; they get their webhook deliveries in the same transaction and are published after the commit.</summary>
    private async Task<T> ChangeAsync<T>(Func<AlertStore, DateTimeOffset, List<AlertChange>, T> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            var changes = new List<AlertChange>();
            var queued = false;
            T result;
            _store.Begin();
            try
            {
                result = work(_store, now, changes);
                foreach (var change in changes)
                {
                    queued |= QueueDeliveries(change, now);
                }
                _store.Commit();
            }
            catch
            {
                _store.Rollback();
                throw;
            }
            if (changes.Count > 0)
            {
                _metrics.SetOpen(_store.CountOpen());
            }
            foreach (var change in changes)
            {
                _metrics.Changed(change.Action, change.Alert.Severity);
                AlertLog.Changed(_logger, change.Alert.Id, change.Action, change.Actor, change.Alert.Severity, change.Alert.Subject, change.Alert.RuleId);
                _feed.Publish(change);
            }
            if (queued)
            {
                _wake.Writer.TryWrite(true);
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static AlertChange Record(AlertStore store, List<AlertChange> changes, DateTimeOffset now, string action, string actor,
        string? note, bool notify, IReadOnlyList<AlertRecipient> recipients, AlertRecord alert)
    {
        var change = store.Append(action, actor, note, now, notify, recipients, alert);
        changes.Add(change);
        return change;
    }

    private static AlertSeverity ParseAutoResolve(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        return AlertSeverityNames.TryParse(text, out var severity) ? severity
            : throw new InvalidOperationException($"Hub:Alerts:AutoResolveClearedUpTo '{text}' is not none, advisory, warning, urgent or emergency.");
    }
}
