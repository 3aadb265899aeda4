namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>Message types (Specification 0.41 "Message Format").</summary>
public enum MessageType : byte
{
    Invalid = 0,
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}

/// <summary>Header flags.</summary>
[Flags]
public enum MessageFlags : byte
{
    None = 0,
    NoReplyExpected = 0x1,
    NoAutoStart = 0x2,
    AllowInteractiveAuthorization = 0x4,
}

/// <summary>One D-Bus message: the header fields that matter and the body values (see DBusValues.cs for their .NET types).</summary>
public sealed record DBusMessage
{
    public MessageType Type { get; init; }

    public MessageFlags Flags { get; init; }

    /// <summary>Set by the connection when the message is sent; never 0 on the wire.</summary>
    public uint Serial { get; init; }

    public ObjectPath? Path { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public string? ErrorName { get; init; }

    public uint? ReplySerial { get; init; }

    public string? Destination { get; init; }

    public string? Sender { get; init; }

    /// <summary>Signature of <see cref="Body"/>; empty for no body.</summary>
    public string Signature { get; init; } = "";

    public uint? UnixFds { get; init; }

    public IReadOnlyList<object> Body { get; init; } = [];

    /// <summary>Byte order the message arrived in (output is always little-endian).</summary>
    public bool BigEndian { get; init; }

    public static DBusMessage MethodCall(string? destination, ObjectPath path, string? @interface, string member, string signature = "", params object[] body) => new()
    {
        Type = MessageType.MethodCall,
        Destination = destination,
        Path = path,
        Interface = @interface,
        Member = member,
        Signature = signature,
        Body = body,
    };

    public static DBusMessage Signal(ObjectPath path, string @interface, string member, string signature = "", params object[] body) => new()
    {
        Type = MessageType.Signal,
        Path = path,
        Interface = @interface,
        Member = member,
        Signature = signature,
        Body = body,
    };

    /// <summary>The first body value of the given type; a typed protocol error when the body does not start with one.</summary>
    public T Arg<T>(int index = 0) => index < Body.Count && Body[index] is T value
        ? value
        : throw new DBusProtocolException($"{Describe()}: argument {index} is not a {typeof(T).Name} (signature '{Signature}').");

    public string Describe() => Type switch
    {
        MessageType.Error => $"error {ErrorName} (reply to {ReplySerial})",
        MessageType.MethodReturn => $"return (reply to {ReplySerial})",
        _ => $"{Type} {Interface}.{Member} at {Path}",
    };
}

/// <summary>Header field codes ("Header Fields").</summary>
internal enum HeaderField : byte
{
    Path = 1,
    Interface = 2,
    Member = 3,
    ErrorName = 4,
    ReplySerial = 5,
    Destination = 6,
    Sender = 7,
    Signature = 8,
    UnixFds = 9,
}
