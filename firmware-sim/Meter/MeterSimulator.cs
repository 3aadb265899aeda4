namespace TelemetryGateway.FirmwareSim;

/// <summary>tgsim meter …</summary>
internal static class MeterSimulator
{
    public static Task<int> RunAsync(string[] args, CancellationToken ct) =>
        throw new SimulatorUsageException("meter: not built yet");
}
