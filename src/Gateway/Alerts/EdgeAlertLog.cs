using Microsoft.Extensions.Logging;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Gateway.Alerts;

/// <summary>Log messages of the edge alert rules; event ids 1400–1419 are stable.</summary>
internal static partial class EdgeAlertLog
{
    [LoggerMessage(1400, LogLevel.Warning, "Alert {RuleId} {Transition} {Severity} for {Subject}: {Message}")]
    public static partial void Signal(ILogger logger, string ruleId, AlertTransition transition, AlertSeverity severity, string subject, string message);

    [LoggerMessage(1401, LogLevel.Error, "{Count} alert signals could not be committed; they go with the next commit")]
    public static partial void SignalsCarried(ILogger logger, int count);

    [LoggerMessage(1402, LogLevel.Error, "The alert clock tick could not commit its signals")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(1403, LogLevel.Information, "Alert rules of hub configuration version {Version} applied: {Entries} entries over the defaults")]
    public static partial void RulesApplied(ILogger logger, long version, int entries);

    [LoggerMessage(1404, LogLevel.Error, "Alert rules of hub configuration version {Version} refused, the previous rules stay: {Problem}")]
    public static partial void RulesRefused(ILogger logger, long version, string problem);

    [LoggerMessage(1405, LogLevel.Information, "Alert state restored from {Path}: {Open} open episodes ({Skipped} entries of unknown rules skipped)")]
    public static partial void StateRestored(ILogger logger, string path, int open, int skipped);

    [LoggerMessage(1406, LogLevel.Error, "Alert state {Path} is unreadable and was ignored: {Problem}")]
    public static partial void StateUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(1407, LogLevel.Error, "Alert state could not be kept in {Path}: {Problem}")]
    public static partial void StateNotKept(ILogger logger, string path, string problem);
}
