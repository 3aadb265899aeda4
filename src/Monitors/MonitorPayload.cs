using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors;

/// <summary>What one monitor message decodes to: readings, observations kept raw, and the non-reading facts
/// (device status, ambulance position).</summary>
public sealed record MonitorPayload
{
    public static MonitorPayload Empty { get; } = new();

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    /// <summary>Observations that did not become readings; never dropped silently, the caller counts them.</summary>
    public IReadOnlyList<UnmappedObservation> Unmapped { get; init; } = [];

    /// <summary>Device status (battery, leads off, alarms) from a status message.</summary>
    public MonitorStatus? Status { get; init; }

    /// <summary>Ambulance position and ETA from a position message.</summary>
    public AmbulancePosition? Position { get; init; }
}

/// <summary>A monitor's own state (JSON "status" stream).</summary>
/// <param name="Time">When the monitor reported it.</param>
/// <param name="BatteryPercent">Remaining battery, 0–100, when reported.</param>
/// <param name="OnMains">True when running on external power.</param>
/// <param name="LeadsOff">ECG leads (or sensors such as "spo2") reported off or disconnected.</param>
/// <param name="Alarms">Alarms active on the monitor itself.</param>
public sealed record MonitorStatus(
    DateTimeOffset? Time, double? BatteryPercent, bool? OnMains, IReadOnlyList<string> LeadsOff, IReadOnlyList<MonitorAlarm> Alarms);

/// <summary>An alarm active on the monitor.</summary>
/// <param name="Code">The monitor's alarm code, e.g. "SPO2_LOW".</param>
/// <param name="Priority">"low", "medium" or "high" (IEC 60601-1-8 alarm priorities).</param>
/// <param name="Text">Human text as the monitor shows it.</param>
public sealed record MonitorAlarm(string Code, string Priority, string Text);

/// <summary>Where the ambulance is and when it arrives (JSON "position" stream).</summary>
/// <param name="Time">GPS fix time.</param>
/// <param name="Latitude">WGS 84 degrees, −90…90.</param>
/// <param name="Longitude">WGS 84 degrees, −180…180.</param>
/// <param name="SpeedMetresPerSecond">Ground speed, when known.</param>
/// <param name="HeadingDegrees">Course over ground, 0–360 clockwise from true north, when known.</param>
/// <param name="Eta">Estimated arrival at the destination, when known.</param>
/// <param name="Destination">Destination name (e.g. the receiving emergency department), when known.</param>
public sealed record AmbulancePosition(
    DateTimeOffset? Time, double Latitude, double Longitude, double? SpeedMetresPerSecond, double? HeadingDegrees,
    DateTimeOffset? Eta, string? Destination);
