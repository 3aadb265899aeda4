namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>An ERROR reply: the error name (e.g. org.freedesktop.DBus.Error.ServiceUnknown, org.bluez.Error.Failed) and its message.</summary>
public sealed class DBusErrorException(string name, string? detail)
    : Exception(detail is null ? name : $"{name}: {detail}")
{
    public string ErrorName { get; } = name;

    public string? Detail { get; } = detail;

    /// <summary>True for the bus's own error names (org.freedesktop.DBus.Error.*).</summary>
    public bool IsStandard => ErrorName.StartsWith("org.freedesktop.DBus.Error.", StringComparison.Ordinal);
}

/// <summary>The connection is gone (peer closed it, protocol error, disposed); pending calls fail with this.</summary>
public sealed class DBusConnectionClosedException : Exception
{
    public DBusConnectionClosedException(string message)
        : base(message)
    {
    }

    public DBusConnectionClosedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Well-known error names used by this client.</summary>
public static class DBusErrorNames
{
    public const string NoReply = "org.freedesktop.DBus.Error.NoReply";
    public const string UnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";
    public const string NameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner";
    public const string ServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown";
    public const string UnknownObject = "org.freedesktop.DBus.Error.UnknownObject";
}
