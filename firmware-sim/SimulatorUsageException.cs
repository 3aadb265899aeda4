namespace TelemetryGateway.FirmwareSim;

/// <summary>Bad command-line flags: printed with the usage, exit code 2.</summary>
internal sealed class SimulatorUsageException(string message) : Exception(message);
