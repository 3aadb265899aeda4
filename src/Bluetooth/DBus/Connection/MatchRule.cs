using System.Text;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>
/// A signal match rule (D-Bus Specification 0.41 "Match Rules"), as sent to AddMatch and as applied locally
/// to decide which subscriber gets a signal.
/// </summary>
public sealed record MatchRule
{
    public string? Sender { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public ObjectPath? Path { get; init; }

    /// <summary>Matches the path and every path below it.</summary>
    public ObjectPath? PathNamespace { get; init; }

    /// <summary>The first body argument, when it is a string.</summary>
    public string? Arg0 { get; init; }

    /// <summary>The rule text, e.g. type='signal',interface='org.freedesktop.DBus.Properties',path='/org/bluez/hci0'.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("type='signal'");
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                // Values are quoted; an apostrophe is written as '\'' (close, escaped apostrophe, reopen).
                text.Append(',').Append(key).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
            }
        }

        Add("sender", Sender);
        Add("interface", Interface);
        Add("member", Member);
        Add("path", Path?.Value);
        Add("path_namespace", PathNamespace?.Value);
        Add("arg0", Arg0);
        return text.ToString();
    }

    /// <summary>
    /// Local match. A well-known sender name cannot be checked here (signals carry the unique name), so only
    /// unique names (":1.42") are compared; the bus already filtered by the rule.
    /// </summary>
    public bool Matches(DBusMessage message)
    {
        if (message.Type != MessageType.Signal)
        {
            return false;
        }

        if (Sender is { } sender && sender.StartsWith(':') && message.Sender != sender)
        {
            return false;
        }

        if ((Interface is not null && message.Interface != Interface) || (Member is not null && message.Member != Member))
        {
            return false;
        }

        if (Path is { } path && message.Path != path)
        {
            return false;
        }

        if (PathNamespace is { } ns && message.Path is { } actual && actual != ns && !ns.IsAncestorOf(actual))
        {
            return false;
        }

        return Arg0 is null || (message.Body.Count > 0 && message.Body[0] is string arg0 && arg0 == Arg0);
    }
}
