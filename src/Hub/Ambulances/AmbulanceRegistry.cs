using TelemetryGateway.Contracts;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>
/// The latest position/ETA and monitor status per ambulance, from the AmbulanceUpdate entries of ingest batches
/// (telemetry.proto rule 7). Newer by the update's own time wins, so a gateway's replay of an old backlog never
/// moves an ambulance back. Served from memory; when the hub attaches <see cref="AmbulancePersistence"/>, every
/// change is also written to <c>ambulances.db</c> in the background and read back at the next start, so a restart
/// keeps each ambulance with its last-seen time (a silent ambulance stays silent, it does not look fresh).
/// No expiry: an ambulance stays until the file is removed.
/// </summary>
/// <remarks>Thread-safe; every ingest stream applies its batches here.</remarks>
public sealed class AmbulanceRegistry
{
    private readonly Dictionary<string, Entry> _units = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _applied;
    private Action<string>? _changed;

    /// <summary>Updates applied since start (replays and stale ones included).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Why an update cannot be applied (the hub rejects it with reason InvalidAmbulance); null when fine.</summary>
    public static string? Problem(Proto.AmbulanceUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update switch
        {
            { Unit: "" } => "ambulance update without unit",
            { DeviceId: "" } => "ambulance update without device_id",
            { Position: null, Status: null } => "ambulance update with neither position nor status",
            { Position: { } p } when !(p.Latitude is >= -90 and <= 90) || !(p.Longitude is >= -180 and <= 180) =>
                $"position {p.Latitude},{p.Longitude} is outside WGS 84 ranges",
            _ => null,
        };
    }

    /// <summary>Applies a valid update delivered by <paramref name="gatewayId"/>.</summary>
    public void Apply(Proto.AmbulanceUpdate update, string gatewayId)
    {
        ArgumentNullException.ThrowIfNull(update);
        var time = AmbulanceUpdateKeys.EffectiveTimeUnixMs(update);
        lock (_lock)
        {
            if (!_units.TryGetValue(update.Unit, out var entry))
            {
                _units[update.Unit] = entry = new Entry(update.Unit);
            }
            entry.Devices.Add(update.DeviceId);
            if (update.ReceivedUnixMs >= entry.LastSeenUnixMs)
            {
                entry.LastSeenUnixMs = update.ReceivedUnixMs;
                entry.GatewayId = gatewayId;
                if (update.PatientId.Length > 0)
                {
                    entry.PatientId = update.PatientId;
                }
            }
            if (update.Position is { } position && time >= entry.PositionTime)
            {
                entry.Position = position;
                entry.PositionTime = time;
            }
            if (update.Status is { } status && time >= entry.StatusTime)
            {
                entry.Status = status;
                entry.StatusDevice = update.DeviceId;
                entry.StatusTime = time;
            }
        }
        Interlocked.Increment(ref _applied);
        // Only marks the unit for the background writer: the ingest loop never waits for the disk.
        _changed?.Invoke(update.Unit);
    }

    /// <summary>Tells <paramref name="changed"/> the unit of every update applied from now on.</summary>
    internal void OnChanged(Action<string> changed) => _changed = changed;

    /// <summary>Takes back ambulances stored by an earlier run (before ingest starts).</summary>
    internal void Restore(IEnumerable<AmbulanceRecord> records)
    {
        lock (_lock)
        {
            foreach (var r in records)
            {
                var entry = new Entry(r.Unit)
                {
                    GatewayId = r.GatewayId,
                    PatientId = r.PatientId,
                    LastSeenUnixMs = r.LastSeenUnixMs,
                    Position = r.Position,
                    PositionTime = r.PositionTime,
                    Status = r.Status,
                    StatusDevice = r.StatusDevice,
                    StatusTime = r.StatusTime,
                };
                entry.Devices.UnionWith(r.Devices);
                _units[r.Unit] = entry;
            }
        }
    }

    /// <summary>The unit's current state for the store; null when unknown.</summary>
    internal AmbulanceRecord? Record(string unit)
    {
        lock (_lock)
        {
            return _units.TryGetValue(unit, out var e)
                ? new AmbulanceRecord(e.Unit, e.GatewayId, e.PatientId, e.LastSeenUnixMs, [.. e.Devices], e.Position, e.PositionTime,
                    e.Status, e.StatusDevice, e.StatusTime)
                : null;
        }
    }

    /// <summary>
    /// The unit monitor <paramref name="deviceId"/> reported for, and whether that unit's run is over by what the
    /// registry knows: its latest fix says it has arrived (no time left to its destination at the fix's own time,
    /// and not moving). False when no unit lists the monitor.
    /// </summary>
    internal bool TryGetRun(string deviceId, out string unit, out bool arrived)
    {
        lock (_lock)
        {
            foreach (var e in _units.Values)
            {
                if (!e.Devices.Contains(deviceId))
                {
                    continue;
                }
                unit = e.Unit;
                arrived = e.Position is { HasEtaUnixMs: true } p && p.EtaUnixMs <= e.PositionTime && (!p.HasSpeedMps || p.SpeedMps < 0.5);
                return true;
            }
        }
        unit = "";
        arrived = false;
        return false;
    }

    /// <summary>Every ambulance known (seen since the hub started, or restored from its store), by unit.</summary>
    public IReadOnlyList<AmbulanceJson> Snapshot() => Snapshot(Auth.AccessScope.Everything);

    /// <summary>
    /// The ambulances <paramref name="access"/> may see (docs/auth.md): through the patient on board or through one
    /// of its monitors, named as the device id ("mon1") or as unit/device ("A12/mon1", as Hub:Ambulances:*:Devices
    /// lists them).
    /// </summary>
    public IReadOnlyList<AmbulanceJson> Snapshot(Auth.AccessScope access)
    {
        ArgumentNullException.ThrowIfNull(access);
        lock (_lock)
        {
            return [.. _units.Values
                .Where(e => access.IsEverything || access.CanSeePatient(e.PatientId)
                    || e.Devices.Any(d => access.CanSeeDevice(d) || access.CanSeeDevice($"{e.Unit}/{d}")))
                .OrderBy(e => e.Unit, StringComparer.Ordinal)
                .Select(ToJson)];
        }
    }

    private static AmbulanceJson ToJson(Entry e)
    {
        var p = e.Position;
        var s = e.Status;
        return new AmbulanceJson(
            e.Unit,
            e.GatewayId,
            e.PatientId,
            DateTimeOffset.FromUnixTimeMilliseconds(e.LastSeenUnixMs),
            p is null ? null : new AmbulancePositionJson(p.Latitude, p.Longitude, p.HasSpeedMps ? p.SpeedMps : null,
                p.HasHeadingDeg ? p.HeadingDeg : null, p.HasTimeUnixMs ? DateTimeOffset.FromUnixTimeMilliseconds(p.TimeUnixMs) : null),
            p is { HasEtaUnixMs: true } ? DateTimeOffset.FromUnixTimeMilliseconds(p.EtaUnixMs) : null,
            p is { Destination.Length: > 0 } ? p.Destination : null,
            s is null ? null : new AmbulanceStatusJson(e.StatusDevice!, s.HasTimeUnixMs ? DateTimeOffset.FromUnixTimeMilliseconds(s.TimeUnixMs) : null,
                s.HasBatteryPercent ? s.BatteryPercent : null, s.HasOnMains ? s.OnMains : null, [.. s.LeadsOff],
                [.. s.Alarms.Select(a => new AmbulanceAlarmJson(a.Code, a.Priority, a.Text))]),
            [.. e.Devices.Order(StringComparer.Ordinal)]);
    }

    private sealed class Entry(string unit)
    {
        public string Unit { get; } = unit;

        public string GatewayId { get; set; } = "";

        /// <summary>Monitors that reported for this unit.</summary>
        public HashSet<string> Devices { get; } = new(StringComparer.Ordinal);

        public string? PatientId { get; set; }

        public long LastSeenUnixMs { get; set; } = long.MinValue;

        public Proto.AmbulancePosition? Position { get; set; }

        public long PositionTime { get; set; } = long.MinValue;

        public Proto.MonitorStatus? Status { get; set; }

        public string? StatusDevice { get; set; }

        public long StatusTime { get; set; } = long.MinValue;
    }
}
