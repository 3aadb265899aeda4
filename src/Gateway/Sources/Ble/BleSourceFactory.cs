using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>Builds the BLE sources configured in Gateway:Ble.</summary>
internal static class BleSourceFactory
{
    public static IEnumerable<IGatewaySource> Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var ble = options.Ble;
        if (ble.Devices.Count == 0)
        {
            return [];
        }

        ble.Validate();
        return [new BleSource(ble, options.DataDirectory, time, loggers.CreateLogger("TelemetryGateway.Gateway.Sources.Ble"))];
    }
}
