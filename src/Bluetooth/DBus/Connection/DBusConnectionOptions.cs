namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>Limits and timeouts of a <see cref="DBusConnection"/>.</summary>
public sealed class DBusConnectionOptions
{
    /// <summary>Largest message accepted or sent; the specification's maximum is 128 MiB.</summary>
    public int MaxMessageLength { get; init; } = Wire.MessageLimits.MaxMessageLength;

    /// <summary>How long a method call waits for its reply (libdbus's default is 25 s).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Timeout for connecting and authenticating.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
