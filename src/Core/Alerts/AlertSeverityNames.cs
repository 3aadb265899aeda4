using System.Diagnostics.CodeAnalysis;

namespace TelemetryGateway.Core.Alerts;

/// <summary>Severity names as they travel in text (the proto <c>Threshold.severity</c> string, JSON, logs).</summary>
public static class AlertSeverityNames
{
    /// <summary>"advisory", "warning", "urgent", "emergency".</summary>
    public static string ToName(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Advisory => "advisory",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Urgent => "urgent",
        AlertSeverity.Emergency => "emergency",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Not an alert severity."),
    };

    /// <summary>Parses a name, ignoring case; also accepts the proto enum spelling ("ALERT_SEVERITY_URGENT").</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AlertSeverity severity)
    {
        const string protoPrefix = "ALERT_SEVERITY_";
        var name = text?.Trim() ?? "";
        if (name.StartsWith(protoPrefix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[protoPrefix.Length..];
        }
        severity = name.ToLowerInvariant() switch
        {
            "advisory" => AlertSeverity.Advisory,
            "warning" => AlertSeverity.Warning,
            "urgent" => AlertSeverity.Urgent,
            "emergency" => AlertSeverity.Emergency,
            _ => 0,
        };
        return severity != 0;
    }
}
