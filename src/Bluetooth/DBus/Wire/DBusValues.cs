namespace TelemetryGateway.Bluetooth.DBus.Wire;

// How D-Bus values appear in .NET (D-Bus Specification 0.41 "Type System"):
//   y byte · b bool · n short · q ushort · i int · u uint · x long · t ulong · d double · s string
//   o ObjectPath · g DBusSignature · h UnixFd · v Variant · (…) DBusStruct · ay byte[]
//   a{KV} Dictionary<object, object> · any other array object[]

/// <summary>An object path ('o'): "/" or "/seg/seg", segments of [A-Za-z0-9_].</summary>
public readonly record struct ObjectPath
{
    public ObjectPath(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a valid D-Bus object path.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static ObjectPath Root { get; } = new("/");

    /// <summary>True when <paramref name="child"/> lies strictly below this path.</summary>
    public bool IsAncestorOf(ObjectPath child) =>
        Value == "/" ? child.Value.Length > 1 : child.Value.StartsWith(Value + "/", StringComparison.Ordinal);

    public override string ToString() => Value ?? "";

    public static implicit operator ObjectPath(string value) => new(value);

    /// <summary>Specification "Valid Object Paths".</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '/')
        {
            return false;
        }

        if (value.Length == 1)
        {
            return true;
        }

        if (value[^1] == '/')
        {
            return false;
        }

        var previousSlash = true;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '/')
            {
                if (previousSlash)
                {
                    return false;
                }

                previousSlash = true;
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }

            previousSlash = false;
        }

        return true;
    }
}

/// <summary>A value of type 'g' (a signature carried as data).</summary>
public readonly record struct DBusSignature(string Value)
{
    public override string ToString() => Value ?? "";
}

/// <summary>A value of type 'h': an index into the message's out-of-band file descriptors.</summary>
public readonly record struct UnixFd(uint Index);

/// <summary>A value of type 'v': one complete type with its signature.</summary>
public sealed record Variant(string Signature, object Value)
{
    public static Variant Of(string value) => new("s", value);

    public static Variant Of(bool value) => new("b", value);

    public static Variant Of(byte value) => new("y", value);

    public static Variant Of(short value) => new("n", value);

    public static Variant Of(ushort value) => new("q", value);

    public static Variant Of(int value) => new("i", value);

    public static Variant Of(uint value) => new("u", value);

    public static Variant Of(long value) => new("x", value);

    public static Variant Of(ulong value) => new("t", value);

    public static Variant Of(double value) => new("d", value);

    public static Variant Of(ObjectPath value) => new("o", value);

    public static Variant Of(byte[] value) => new("ay", value);

    public static Variant Of(string[] value) => new("as", value);

    public override string ToString() => $"<{Signature}> {Value}";
}

/// <summary>A struct value '(…)': its fields in order.</summary>
public sealed record DBusStruct(IReadOnlyList<object> Fields)
{
    public DBusStruct(params object[] fields)
        : this((IReadOnlyList<object>)fields)
    {
    }

    public object this[int index] => Fields[index];

    // Field-wise equality (the default would compare the list references).
    public bool Equals(DBusStruct? other) => other is not null && Fields.SequenceEqual(other.Fields);

    public override int GetHashCode() => Fields.Count > 0 ? HashCode.Combine(Fields.Count, Fields[0]) : 0;
}
