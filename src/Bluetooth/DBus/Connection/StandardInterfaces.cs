using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>A property map as org.freedesktop.DBus.Properties carries it (a{sv}).</summary>
public sealed class PropertyMap : Dictionary<string, Variant>
{
    public PropertyMap()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Converts a decoded a{sv}.</summary>
    public static PropertyMap From(object value)
    {
        var map = new PropertyMap();
        foreach (var (key, item) in (Dictionary<object, object>)value)
        {
            map[(string)key] = (Variant)item;
        }

        return map;
    }

    /// <summary>The property's value when present and of type <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(string name, out T result)
    {
        if (TryGetValue(name, out var variant) && variant.Value is T typed)
        {
            result = typed;
            return true;
        }

        result = default!;
        return false;
    }
}

/// <summary>org.freedesktop.DBus.PropertiesChanged body: (s interface, a{sv} changed, as invalidated).</summary>
public sealed record PropertiesChanged(ObjectPath Path, string Interface, PropertyMap Changed, IReadOnlyList<string> Invalidated)
{
    public static PropertiesChanged From(DBusMessage signal) => new(
        signal.Path!.Value,
        signal.Arg<string>(0),
        PropertyMap.From(signal.Body[1]),
        [.. signal.Arg<object[]>(2).Cast<string>()]);
}

/// <summary>
/// The standard interfaces of the D-Bus Specification 0.41: org.freedesktop.DBus.Properties and
/// org.freedesktop.DBus.ObjectManager, as calls and as signal decoders.
/// </summary>
public static class StandardInterfaces
{
    public const string Properties = "org.freedesktop.DBus.Properties";
    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";

    public static async Task<Variant> GetPropertyAsync(this DBusConnection connection, string destination, ObjectPath path, string @interface, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reply = await connection.CallAsync(DBusMessage.MethodCall(destination, path, Properties, "Get", "ss", @interface, name), ct).ConfigureAwait(false);
        return reply.Arg<Variant>();
    }

    public static async Task<PropertyMap> GetAllPropertiesAsync(this DBusConnection connection, string destination, ObjectPath path, string @interface, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reply = await connection.CallAsync(DBusMessage.MethodCall(destination, path, Properties, "GetAll", "s", @interface), ct).ConfigureAwait(false);
        return PropertyMap.From(reply.Body[0]);
    }

    public static Task SetPropertyAsync(this DBusConnection connection, string destination, ObjectPath path, string @interface, string name, Variant value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.CallAsync(DBusMessage.MethodCall(destination, path, Properties, "Set", "ssv", @interface, name, value), ct);
    }

    /// <summary>GetManagedObjects: every object below <paramref name="root"/> with its interfaces and their properties (a{oa{sa{sv}}}).</summary>
    public static async Task<Dictionary<ObjectPath, Dictionary<string, PropertyMap>>> GetManagedObjectsAsync(this DBusConnection connection, string destination, ObjectPath root, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reply = await connection.CallAsync(DBusMessage.MethodCall(destination, root, ObjectManager, "GetManagedObjects"), ct).ConfigureAwait(false);
        var objects = new Dictionary<ObjectPath, Dictionary<string, PropertyMap>>();
        foreach (var (path, interfaces) in (Dictionary<object, object>)reply.Body[0])
        {
            objects[(ObjectPath)path] = InterfaceMap(interfaces);
        }

        return objects;
    }

    /// <summary>InterfacesAdded body: (o path, a{sa{sv}} interfaces).</summary>
    public static (ObjectPath Path, Dictionary<string, PropertyMap> Interfaces) ReadInterfacesAdded(DBusMessage signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return (signal.Arg<ObjectPath>(0), InterfaceMap(signal.Body[1]));
    }

    /// <summary>InterfacesRemoved body: (o path, as interfaces).</summary>
    public static (ObjectPath Path, IReadOnlyList<string> Interfaces) ReadInterfacesRemoved(DBusMessage signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return (signal.Arg<ObjectPath>(0), [.. signal.Arg<object[]>(1).Cast<string>()]);
    }

    private static Dictionary<string, PropertyMap> InterfaceMap(object value)
    {
        var interfaces = new Dictionary<string, PropertyMap>(StringComparer.Ordinal);
        foreach (var (name, properties) in (Dictionary<object, object>)value)
        {
            interfaces[(string)name] = PropertyMap.From(properties);
        }

        return interfaces;
    }
}
