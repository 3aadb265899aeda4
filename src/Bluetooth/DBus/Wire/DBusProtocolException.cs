namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>
/// Bytes on the wire that break the D-Bus Specification: a bad signature, a length over a limit, bad padding,
/// a string without its terminator. The connection that received them cannot continue.
/// </summary>
public sealed class DBusProtocolException : Exception
{
    public DBusProtocolException(string message)
        : base(message)
    {
    }

    public DBusProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
