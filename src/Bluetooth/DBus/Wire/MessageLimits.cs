namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>Size limits of the D-Bus Specification 0.41 ("Valid Names", "Marshaling (Wire Format)").</summary>
public static class MessageLimits
{
    /// <summary>"The maximum length of a message, including header, header alignment padding, and body is 2 to the 27th power."</summary>
    public const int MaxMessageLength = 1 << 27;

    /// <summary>"Arrays have a maximum length defined to be 2 to the 26th power or 67108864."</summary>
    public const int MaxArrayLength = 1 << 26;

    /// <summary>Names (bus, interface, member, error) are at most 255 bytes.</summary>
    public const int MaxNameLength = 255;
}
