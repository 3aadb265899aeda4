using System.Text.Json.Serialization;
using TelemetryGateway.Hub.Live;

namespace TelemetryGateway.Hub;

/// <summary>A value the dashboard shows with when it was measured.</summary>
public sealed record PointJson(double Value, string Unit, DateTimeOffset Time, string Device);

/// <summary>A device of a patient and when the hub last got something from it.</summary>
/// <param name="Device">Device id.</param>
/// <param name="Kinds">Kinds it measured.</param>
/// <param name="LastMeasured">Newest measurement (device clock).</param>
/// <param name="LastSynced">When the hub stored that newest measurement (hub clock).</param>
/// <param name="Gateway">The gateway that delivered it.</param>
public sealed record DeviceSyncJson(string Device, IReadOnlyList<string> Kinds, DateTimeOffset LastMeasured, DateTimeOffset LastSynced, string Gateway);

/// <summary>One patient in <c>GET /api/patients</c>.</summary>
/// <param name="Id">Patient id.</param>
/// <param name="Name">Display name, when configured.</param>
/// <param name="Clinic">Clinic id.</param>
/// <param name="VillageDoctor">Village doctor id.</param>
/// <param name="Systolic">Newest systolic BP.</param>
/// <param name="Diastolic">Newest diastolic BP.</param>
/// <param name="Glucose">Newest glucose.</param>
/// <param name="Uncontrolled">Why the newest values are out of target (e.g. "bp", "glucose-high"); empty when in control.</param>
/// <param name="LastVisit">Newest BP or glucose measurement.</param>
/// <param name="FollowUpDue">When the next follow-up is due (last visit + the follow-up interval).</param>
/// <param name="Overdue">The follow-up is past due.</param>
/// <param name="Devices">Devices that measured this patient, newest first.</param>
public sealed record PatientJson(
    string Id,
    string? Name,
    string? Clinic,
    string? VillageDoctor,
    PointJson? Systolic,
    PointJson? Diastolic,
    PointJson? Glucose,
    IReadOnlyList<string> Uncontrolled,
    DateTimeOffset? LastVisit,
    DateTimeOffset? FollowUpDue,
    bool Overdue,
    IReadOnlyList<DeviceSyncJson> Devices);

/// <summary><c>GET /api/patients</c>.</summary>
public sealed record PatientsResponse(IReadOnlyList<PatientJson> Patients, TargetsJson Targets, DateTimeOffset Now);

/// <summary>The targets the dashboard draws as bands.</summary>
public sealed record TargetsJson(double SystolicHigh, double DiastolicHigh, double GlucoseLow, double GlucoseHigh, int FollowUpDays);

/// <summary>One series of a trend: [time, value] pairs, oldest first.</summary>
public sealed record TrendSeriesJson(string Kind, string Unit, IReadOnlyList<TrendPointJson> Points);

/// <summary>One point of a trend.</summary>
public sealed record TrendPointJson(DateTimeOffset T, double V);

/// <summary><c>GET /api/patients/{id}/trend</c>.</summary>
public sealed record TrendResponse(string Patient, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TrendSeriesJson> Series, TargetsJson Targets);

/// <summary>One live monitor in <c>GET /api/monitors</c>.</summary>
/// <param name="Device">The monitor.</param>
/// <param name="Unit">The ambulance it rides in (<c>Hub:Ambulances:&lt;unit&gt;:Devices</c>), when configured.</param>
/// <param name="Hospital">Where that ambulance drives to, when configured.</param>
/// <param name="Patient">Its patient.</param>
/// <param name="Gateway">The gateway that delivers it.</param>
/// <param name="GatewayConnected">That gateway has a stream open now.</param>
/// <param name="GatewayLastContact">Its last contact (hub clock).</param>
/// <param name="LastSeen">Newest reading (device clock).</param>
/// <param name="Latest">Newest numeric per kind.</param>
public sealed record MonitorJson(
    string Device,
    string? Unit,
    string? Hospital,
    string? Patient,
    string Gateway,
    bool GatewayConnected,
    DateTimeOffset? GatewayLastContact,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, MonitorValue> Latest);

/// <summary><c>GET /api/monitors</c>.</summary>
public sealed record MonitorsResponse(IReadOnlyList<MonitorJson> Monitors, double LinkLostSeconds, DateTimeOffset Now);

/// <summary>A numeric reading on <c>/api/live</c> (event <c>reading</c>).</summary>
public sealed record LiveReadingJson(string? Patient, string Device, string Gateway, string Kind, double Value, string Unit, DateTimeOffset Time, string Priority);

/// <summary>A waveform chunk on <c>/api/live</c> (event <c>waveform</c>): values already in the reading's unit (µV for ECG).</summary>
public sealed record LiveWaveformJson(string? Patient, string Device, string Gateway, string Kind, string Lead, double Rate, DateTimeOffset Start, string Priority, double[] Values);

/// <summary>The first event on <c>/api/live</c> and every heartbeat: the hub clock, so that a browser can place device times.</summary>
public sealed record LiveClockJson(DateTimeOffset Now);

/// <summary>Source-generated JSON of the dashboard's API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PatientsResponse))]
[JsonSerializable(typeof(PatientJson))]
[JsonSerializable(typeof(TrendResponse))]
[JsonSerializable(typeof(MonitorsResponse))]
[JsonSerializable(typeof(LiveReadingJson))]
[JsonSerializable(typeof(LiveWaveformJson))]
[JsonSerializable(typeof(LiveClockJson))]
[JsonSerializable(typeof(GatewaySnapshot))]
public sealed partial class DashboardJsonContext : JsonSerializerContext;
