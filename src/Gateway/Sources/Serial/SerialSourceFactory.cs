using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>Builds the serial sources configured in Gateway:Serial.</summary>
internal static class SerialSourceFactory
{
    public static IEnumerable<IGatewaySource> Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggers) => [];
}
