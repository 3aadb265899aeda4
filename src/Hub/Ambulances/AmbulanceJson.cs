using System.Text.Json.Serialization;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>One ambulance as <c>GET /api/ambulances</c> shows it (the dashboard reads exactly this shape).</summary>
/// <param name="Unit">The ambulance (MQTT topic ambulance/{unit}/…).</param>
/// <param name="GatewayId">The gateway that delivered the latest update.</param>
/// <param name="PatientId">Patient of the monitor's latest readings; null when not known.</param>
/// <param name="LastSeen">Latest time a gateway received a position or status message from the ambulance (gateway clock).</param>
/// <param name="Position">Latest fix; null before the first one.</param>
/// <param name="Eta">Estimated arrival at <paramref name="Destination"/>, from the latest fix; null when not known.</param>
/// <param name="Destination">Destination of the latest fix; null when not known.</param>
/// <param name="Status">The monitor's latest status; null before the first one.</param>
/// <param name="Devices">The monitors that reported for the unit (their readings' device ids), in ordinal order.</param>
public sealed record AmbulanceJson(
    string Unit,
    string GatewayId,
    string? PatientId,
    DateTimeOffset LastSeen,
    AmbulancePositionJson? Position,
    DateTimeOffset? Eta,
    string? Destination,
    AmbulanceStatusJson? Status,
    IReadOnlyList<string> Devices);

/// <param name="Lat">WGS 84 degrees.</param>
/// <param name="Lon">WGS 84 degrees.</param>
/// <param name="Speed">Ground speed in m/s; null when not known.</param>
/// <param name="Heading">Degrees clockwise from true north; null when not known.</param>
/// <param name="Time">GPS fix time; null when the monitor sent none.</param>
public sealed record AmbulancePositionJson(double Lat, double Lon, double? Speed, double? Heading, DateTimeOffset? Time);

/// <param name="Device">The monitor that reported it.</param>
/// <param name="Time">When the monitor reported it; null when it sent no time.</param>
/// <param name="Battery">Remaining battery in percent; null when not reported.</param>
/// <param name="OnMains">True on external power; null when not reported.</param>
/// <param name="LeadsOff">Leads or sensors reported off.</param>
/// <param name="Alarms">Alarms active on the monitor.</param>
public sealed record AmbulanceStatusJson(
    string Device, DateTimeOffset? Time, double? Battery, bool? OnMains, IReadOnlyList<string> LeadsOff, IReadOnlyList<AmbulanceAlarmJson> Alarms);

/// <param name="Code">The monitor's alarm code, e.g. SPO2_LOW.</param>
/// <param name="Priority">low, medium or high.</param>
/// <param name="Text">As the monitor shows it.</param>
public sealed record AmbulanceAlarmJson(string Code, string Priority, string Text);

/// <summary>Source-generated JSON of <c>/api/ambulances</c>: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<AmbulanceJson>))]
[JsonSerializable(typeof(AmbulanceJson))]
public sealed partial class AmbulanceJsonContext : JsonSerializerContext;
