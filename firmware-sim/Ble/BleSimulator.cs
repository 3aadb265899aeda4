namespace TelemetryGateway.FirmwareSim;

/// <summary>tgsim ble …</summary>
internal static class BleSimulator
{
    public static Task<int> RunAsync(string[] args, CancellationToken ct) =>
        throw new SimulatorUsageException("ble: not built yet");
}
