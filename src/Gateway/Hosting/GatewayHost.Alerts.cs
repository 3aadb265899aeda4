using Microsoft.Extensions.Logging;
using TelemetryGateway.Gateway.Alerts;
using TelemetryGateway.Gateway.Ingest;

namespace TelemetryGateway.Gateway;

public sealed partial class GatewayHost
{
    /// <summary>The edge alert rules with the hub's thresholds of the last configuration kept, continuing the
    /// episodes of the last run; null when Gateway:Alerts:Enabled is false.</summary>
    private static async Task<EdgeAlerts?> StartAlertsAsync(
        GatewayOptions options, DeviceBindingTable bindings, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!options.Alerts.Enabled)
        {
            return null;
        }
        var alerts = new EdgeAlerts(options.DataDirectory, time, loggers.CreateLogger("TelemetryGateway.Gateway.Alerts"))
        {
            TickInterval = options.Alerts.TickInterval,
        };
        if (bindings.Version > 0)
        {
            alerts.ApplyThresholds(bindings.Thresholds, bindings.Version);
        }
        await alerts.LoadAsync(ct).ConfigureAwait(false);
        return alerts;
    }
}
