using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Hub.Ambulances;

/// <summary>Log messages of the ambulance store; event ids 330–339 are stable.</summary>
internal static partial class AmbulanceLog
{
    [LoggerMessage(330, LogLevel.Information, "Ambulance store open at {Path}: {Count} ambulances restored")]
    public static partial void Opened(ILogger logger, string path, int count);

    [LoggerMessage(331, LogLevel.Error, "Ambulance store {Path} cannot be opened; ambulances are kept in memory only until the hub restarts with a usable file")]
    public static partial void OpenFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(332, LogLevel.Error, "Writing {Count} ambulances to {Path} failed; the view carries on from memory and the write is retried with the next update")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count, string path);

    [LoggerMessage(333, LogLevel.Information, "Ambulance store {Path} is written again after {Failures} failed writes")]
    public static partial void WriteRecovered(ILogger logger, string path, long failures);
}
