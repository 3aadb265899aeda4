namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>Settings of the gateway's serial sources (section Gateway:Serial). Nothing configured: no serial source.</summary>
public sealed class SerialSourceOptions
{
}
