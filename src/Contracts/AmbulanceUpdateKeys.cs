using System.Globalization;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Contracts;

/// <summary>Buffer keys of <see cref="Proto.AmbulanceUpdate"/> (telemetry.proto, delivery rule 7).</summary>
public static class AmbulanceUpdateKeys
{
    /// <summary>Prefix of an ambulance update's buffer key, which is also how the uplink tells it from a reading.</summary>
    public const string KeyPrefix = "ambulance|";

    /// <summary>
    /// One key per (unit, monitor, position or status, the monitor's own time): a message the broker delivers
    /// again is buffered once, while every new fix is kept. Without a monitor time the gateway's receive time
    /// stands in.
    /// </summary>
    public static string BufferKey(Proto.AmbulanceUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (part, time) = update.Position is { } position
            ? ("position", position.HasTimeUnixMs ? position.TimeUnixMs : update.ReceivedUnixMs)
            : ("status", update.Status is { HasTimeUnixMs: true } status ? status.TimeUnixMs : update.ReceivedUnixMs);
        return string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{update.Unit}|{update.DeviceId}|{part}|{time}");
    }

    /// <summary>The time an update speaks for: its fix or status time, else when the gateway received it.</summary>
    public static long EffectiveTimeUnixMs(Proto.AmbulanceUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.Position is { HasTimeUnixMs: true } position ? position.TimeUnixMs
            : update.Status is { HasTimeUnixMs: true } status ? status.TimeUnixMs
            : update.ReceivedUnixMs;
    }
}
