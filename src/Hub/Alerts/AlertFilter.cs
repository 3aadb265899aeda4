using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Which alerts a list, a feed or a webhook wants. Null fields match everything.</summary>
/// <param name="OpenOnly">Only alerts not resolved (query <c>state=open</c>).</param>
public sealed record AlertFilter(
    string? Clinic = null,
    string? PatientId = null,
    AlertSeverity? MinSeverity = null,
    AlertState? State = null,
    bool OpenOnly = false)
{
    public static AlertFilter All { get; } = new();

    public bool Matches(AlertRecord alert) =>
        (Clinic is null || string.Equals(alert.Clinic, Clinic, StringComparison.Ordinal))
        && (PatientId is null || string.Equals(alert.PatientId, PatientId, StringComparison.Ordinal))
        && (MinSeverity is null || alert.Severity >= MinSeverity)
        && (State is null || alert.State == State)
        && (!OpenOnly || alert.IsOpen);
}
