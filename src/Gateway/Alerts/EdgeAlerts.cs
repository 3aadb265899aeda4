using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Alerts;

/// <summary>
/// The gateway's alert rules (src/Core/Alerts) on the accept path: every accepted reading is judged, and the
/// signals it causes are committed in the same buffer transaction as the readings, in the alert band, so an
/// alert raised while the link is down reaches the hub once, ahead of any backlog. A timer calls
/// <see cref="AlertEngine.Tick"/> for stale feeds, missed follow-ups and lone BP halves (<see cref="RunAsync"/>).
/// The engine's state is kept in the data directory, so a restarted gateway continues its episodes instead of
/// raising them again.
/// </summary>
/// <remarks>The engine is single-threaded: one lock covers judging a burst and queueing its append, so the
/// buffer's sequence order (the order the hub sees) is the order the engine signalled in.</remarks>
internal sealed partial class EdgeAlerts
{
    private readonly Lock _lock = new();
    private readonly AlertEngine _engine = new();
    // Signals whose commit failed (buffer full, disk error): sent ahead of the next commit's.
    private readonly List<AlertSignal> _carried = [];
    private readonly long[] _committed = new long[4];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _rulesVersion;
    private long _ticks;

    /// <param name="dataDirectory">Where the engine state is kept (<c>alert-state.json</c>); null keeps it in memory.</param>
    public EdgeAlerts(string? dataDirectory, TimeProvider time, ILogger logger)
    {
        _snapshotPath = dataDirectory is null ? null : Path.Combine(dataDirectory, SnapshotFileName);
        _time = time;
        _logger = logger;
    }

    /// <summary>How often <see cref="RunAsync"/> ticks the engine.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The rules in force.</summary>
    public AlertRuleSet Rules
    {
        get
        {
            lock (_lock)
            {
                return _engine.Rules;
            }
        }
    }

    /// <summary>Signals committed to the buffer, by transition.</summary>
    public long Committed(AlertTransition transition) => Interlocked.Read(ref _committed[(int)transition]);

    /// <summary>
    /// Judges <paramref name="accepted"/> (valid, bound readings in arrival order), adds the signals to
    /// <paramref name="items"/> and starts the append of the whole burst. Complete it with <see cref="CompleteAsync"/>.
    /// </summary>
    public PendingAppend Append(EdgeBufferStore buffer, IReadOnlyList<Reading> accepted,
        List<(BufferPriority, string, byte[])> items, CancellationToken ct)
    {
        lock (_lock)
        {
            var signals = TakeCarried();
            foreach (var reading in accepted)
            {
                var raised = _engine.Evaluate(reading);
                if (raised.Count > 0)
                {
                    (signals ??= []).AddRange(raised);
                }
            }
            _dirty = true;
            return Start(buffer, items, signals, ct);
        }
    }

    /// <summary>Advances the engine's clock and starts the append of the signals that causes, if any.</summary>
    public PendingAppend? Tick(EdgeBufferStore buffer, CancellationToken ct)
    {
        lock (_lock)
        {
            var signals = TakeCarried();
            var ticked = _engine.Tick(_time.GetUtcNow());
            if (ticked.Count > 0)
            {
                (signals ??= []).AddRange(ticked);
            }
            _ticks++;
            return signals is null ? null : Start(buffer, [], signals, ct);
        }
    }

    /// <summary>Waits for the append; counts its signals when it committed, keeps them for the next commit when
    /// it failed (then rethrows). After waking the uplink, call <see cref="KeepStateAsync"/>.</summary>
    public async Task<IReadOnlyList<long>> CompleteAsync(PendingAppend pending, CancellationToken ct)
    {
        IReadOnlyList<long> sequences;
        try
        {
            sequences = await pending.Append.ConfigureAwait(false);
        }
        catch
        {
            if (pending.Signals.Count > 0)
            {
                lock (_lock)
                {
                    _carried.InsertRange(0, pending.Signals);
                    _inFlight--;
                }
                EdgeAlertLog.SignalsCarried(_logger, pending.Signals.Count);
            }
            throw;
        }
        if (pending.Signals.Count == 0)
        {
            return sequences;
        }
        lock (_lock)
        {
            _inFlight--;
            _signalled = true;
        }
        foreach (var signal in pending.Signals)
        {
            Interlocked.Increment(ref _committed[(int)signal.Transition]);
            EdgeAlertLog.Signal(_logger, signal.RuleId, signal.Transition, signal.Severity, signal.Subject, signal.Message);
        }
        return sequences;
    }

    /// <summary>After a committed append that carried signals: keeps the engine state at once, so that a restart
    /// right after does not raise these episodes again. Called after the uplink was woken: the alert goes out
    /// while the file is written.</summary>
    public Task KeepStateAsync(PendingAppend committed, CancellationToken ct) =>
        committed.Signals.Count > 0 ? SaveAsync(force: false, ct) : Task.CompletedTask;

    /// <summary>Ticks the engine every <see cref="TickInterval"/> and commits what that signals; keeps the engine
    /// state now and then. Runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(EdgeBufferStore buffer, Action<bool, bool> committed, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TickInterval, _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                if (Tick(buffer, ct) is { } pending)
                {
                    await CompleteAsync(pending, ct).ConfigureAwait(false);
                    committed(true, false);
                }
                // The state of a tick's signals and of the readings judged since the last time.
                await SaveAsync(force: false, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BufferFullException or BufferWriteException or IOException)
            {
                // The signals are carried to the next tick or reading; the state is kept when they commit.
                EdgeAlertLog.TickFailed(_logger, ex);
            }
        }
    }

    /// <summary>Replaces the rules with the defaults overlaid by the hub's entries (telemetry.proto Configuration).
    /// An invalid set changes nothing (logged): the gateway keeps judging with the rules it had.</summary>
    public void ApplyThresholds(IReadOnlyList<Contracts.V1.Threshold> thresholds, long version)
    {
        var entries = new List<AlertThreshold>(thresholds.Count);
        foreach (var wire in thresholds)
        {
            if (ThresholdMapper.FromProto(wire, out var problem) is not { } entry)
            {
                EdgeAlertLog.RulesRefused(_logger, version, problem!);
                return;
            }
            entries.Add(entry);
        }
        if (!AlertRuleSet.TryFromThresholds(entries, out var rules, out var error))
        {
            EdgeAlertLog.RulesRefused(_logger, version, error);
            return;
        }
        lock (_lock)
        {
            _engine.UpdateRules(rules);
        }
        Interlocked.Exchange(ref _rulesVersion, version);
        EdgeAlertLog.RulesApplied(_logger, version, entries.Count);
    }

    private List<AlertSignal>? TakeCarried()
    {
        if (_carried.Count == 0)
        {
            return null;
        }
        var signals = new List<AlertSignal>(_carried);
        _carried.Clear();
        return signals;
    }

    private PendingAppend Start(EdgeBufferStore buffer, List<(BufferPriority, string, byte[])> items, List<AlertSignal>? signals,
        CancellationToken ct)
    {
        if (signals is null)
        {
            return new PendingAppend(buffer.AppendBatchAsync(items, ct), []);
        }
        foreach (var signal in signals)
        {
            items.Add((BufferPriority.Alert, AlertSignalMapper.BufferKey(signal), AlertSignalMapper.ToProto(signal).ToByteArray()));
        }
        _inFlight++;
        // Started inside the lock: appends enter the buffer's queue in the order the engine signalled.
        return new PendingAppend(buffer.AppendBatchAsync(items, ct), signals);
    }
}

/// <summary>An append under way and the alert signals that ride in it.</summary>
internal sealed record PendingAppend(Task<IReadOnlyList<long>> Append, IReadOnlyList<AlertSignal> Signals);
