using Microsoft.Extensions.Logging;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub;

/// <summary>An alert intake that only logs each signal: for a hub run without an alert store.</summary>
internal sealed class LoggingAlertIntake(ILogger logger) : IAlertIntake
{
    public Task ApplyAsync(AlertSignal signal, string origin, CancellationToken ct)
    {
        HubLog.EdgeAlert(logger, origin, signal.Subject, signal.RuleId, signal.Transition, signal.Severity, signal.Message);
        return Task.CompletedTask;
    }
}
