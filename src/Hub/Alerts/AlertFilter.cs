using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Which alerts a list, a feed or a webhook wants. Null fields match everything.</summary>
/// <param name="OpenOnly">Only alerts not resolved (query <c>state=open</c>).</param>
/// <param name="Visible">The caller's scope (src/Hub/Auth): only alerts it admits; null admits all.</param>
public sealed record AlertFilter(
    string? Clinic = null,
    string? PatientId = null,
    AlertSeverity? MinSeverity = null,
    AlertState? State = null,
    bool OpenOnly = false,
    Func<AlertRecord, bool>? Visible = null)
{
    public static AlertFilter All { get; } = new();

    public bool Matches(AlertRecord alert) =>
        (Clinic is null || string.Equals(alert.Clinic, Clinic, StringComparison.Ordinal))
        && (PatientId is null || string.Equals(alert.PatientId, PatientId, StringComparison.Ordinal))
        && (MinSeverity is null || alert.Severity >= MinSeverity)
        && (State is null || alert.State == State)
        && (!OpenOnly || alert.IsOpen)
        && (Visible is null || Visible(alert));
}
