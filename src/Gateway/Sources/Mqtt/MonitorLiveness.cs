namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>A monitor went silent or started publishing again.</summary>
/// <param name="Unit">The ambulance.</param>
/// <param name="Device">The monitor (the readings' device id).</param>
/// <param name="Silent">True: silent for longer than the threshold; false: publishing again.</param>
/// <param name="LastSeen">Gateway time of the monitor's last message before the change.</param>
/// <param name="At">Gateway time of the change.</param>
public sealed record MonitorSilenceChange(string Unit, string Device, bool Silent, DateTimeOffset LastSeen, DateTimeOffset At);

/// <summary>What the gateway knows of one monitor's liveness.</summary>
public sealed record MonitorLivenessState(string Unit, string Device, DateTimeOffset LastSeen, bool Silent);

/// <summary>
/// Tracks when each monitor last published and reports one that stays silent longer than the threshold
/// (issue 8: "an ambulance feed silent for 15 s"). <see cref="Changed"/> and <see cref="Monitors"/> are the
/// hooks for the alert code; the source logs each change and exports gateway_monitor_silent{device}.
/// </summary>
/// <remarks>Thread-safe. <see cref="Check"/> is driven by the source every second of the injected clock.</remarks>
public sealed class MonitorLiveness(TimeSpan threshold, TimeProvider time)
{
    private readonly Dictionary<string, Entry> _monitors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Raised outside the lock on every change of a monitor's state.</summary>
    public event Action<MonitorSilenceChange>? Changed;

    public TimeSpan Threshold => threshold;

    /// <summary>Every monitor seen since start, with its state.</summary>
    public IReadOnlyList<MonitorLivenessState> Monitors
    {
        get
        {
            lock (_lock)
            {
                return [.. _monitors.Values.Select(e => new MonitorLivenessState(e.Unit, e.Device, e.LastSeen, e.Silent)).OrderBy(m => m.Device, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The monitors currently silent.</summary>
    public IReadOnlyList<MonitorLivenessState> Silent => [.. Monitors.Where(m => m.Silent)];

    /// <summary>Records a message from the monitor; returns the change when it had been silent.</summary>
    public MonitorSilenceChange? Seen(string unit, string device)
    {
        var now = time.GetUtcNow();
        MonitorSilenceChange? change = null;
        lock (_lock)
        {
            if (_monitors.TryGetValue(device, out var entry))
            {
                if (entry.Silent)
                {
                    change = new MonitorSilenceChange(unit, device, false, entry.LastSeen, now);
                }
                entry.Unit = unit;
                entry.LastSeen = now;
                entry.Silent = false;
            }
            else
            {
                _monitors[device] = new Entry { Unit = unit, Device = device, LastSeen = now };
            }
        }
        Raise(change);
        return change;
    }

    /// <summary>Marks monitors silent for longer than the threshold; returns those that just became silent.</summary>
    public IReadOnlyList<MonitorSilenceChange> Check()
    {
        var now = time.GetUtcNow();
        var changes = new List<MonitorSilenceChange>();
        lock (_lock)
        {
            foreach (var entry in _monitors.Values)
            {
                if (!entry.Silent && now - entry.LastSeen > threshold)
                {
                    entry.Silent = true;
                    changes.Add(new MonitorSilenceChange(entry.Unit, entry.Device, true, entry.LastSeen, now));
                }
            }
        }
        foreach (var change in changes)
        {
            Raise(change);
        }
        return changes;
    }

    private void Raise(MonitorSilenceChange? change)
    {
        if (change is not null)
        {
            Changed?.Invoke(change);
        }
    }

    private sealed class Entry
    {
        public required string Unit { get; set; }
        public required string Device { get; init; }
        public DateTimeOffset LastSeen { get; set; }
        public bool Silent { get; set; }
    }
}
