namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>Settings of the gateway's BLE sources (section Gateway:Ble). Nothing configured: no BLE source.</summary>
public sealed class BleSourceOptions
{
}
