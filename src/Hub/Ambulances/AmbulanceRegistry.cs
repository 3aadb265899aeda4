using TelemetryGateway.Contracts;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>
/// The latest position/ETA and monitor status per ambulance, from the AmbulanceUpdate entries of ingest batches
/// (telemetry.proto rule 7). Newer by the update's own time wins, so a gateway's replay of an old backlog never
/// moves an ambulance back. Kept in memory: after a hub restart an ambulance reappears with its next update
/// (monitors send position every second or so); it is live state, not a record.
/// </summary>
/// <remarks>Thread-safe; every ingest stream applies its batches here.</remarks>
public sealed class AmbulanceRegistry
{
    private readonly Dictionary<string, Entry> _units = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _applied;

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
    }

    /// <summary>Every ambulance seen since the hub started, by unit.</summary>
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
                [.. s.Alarms.Select(a => new AmbulanceAlarmJson(a.Code, a.Priority, a.Text))]));
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
