namespace TelemetryGateway.FirmwareSim;

/// <summary>tgsim monitor …</summary>
internal static class MonitorSimulator
{
    public static Task<int> RunAsync(string[] args, CancellationToken ct) =>
        throw new SimulatorUsageException("monitor: not built yet");
}
