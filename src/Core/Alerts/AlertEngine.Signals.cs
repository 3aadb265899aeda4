using System.Globalization;
using TelemetryGateway.Core.Alerts.Engine;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>Sends the signal of <paramref name="change"/> (none for <see cref="Change.None"/>).</summary>
    /// <param name="before">The episode's severity before the change: a Cleared signal carries it.</param>
    private void Signal(Episode episode, Change change, AlertSeverity before, SubjectState subject, string deviceId,
        DateTimeOffset at, string message, string? kind = null, double? value = null, string? unit = null)
    {
        if (change == Change.None)
        {
            return;
        }
        Emit(new AlertSignal
        {
            RuleId = episode.RuleId,
            PatientId = subject.PatientId,
            DeviceId = deviceId,
            Transition = change switch
            {
                Change.Raised => AlertTransition.Raised,
                Change.Cleared => AlertTransition.Cleared,
                _ => AlertTransition.Updated,
            },
            Severity = change == Change.Cleared ? before : episode.Severity,
            EpisodeStart = episode.Start,
            At = at,
            Message = message,
            Kind = kind,
            Value = value,
            Unit = unit,
        });
    }

    private static string Num(double value) => double.IsNaN(value) ? "?" : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Phrase(Change change, AlertSeverity severity) => change switch
    {
        Change.Raised => "raised, " + AlertSeverityNames.ToName(severity),
        Change.Escalated => "worse, now " + AlertSeverityNames.ToName(severity),
        Change.DeEscalated => "better, now " + AlertSeverityNames.ToName(severity),
        Change.Cleared => "cleared",
        _ => "worse, still " + AlertSeverityNames.ToName(severity),
    };

    private static double MaxKnown(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static double MinKnown(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);
}
