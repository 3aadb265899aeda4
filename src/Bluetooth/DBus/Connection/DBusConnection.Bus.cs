using System.Collections.Immutable;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>Methods of the bus itself (org.freedesktop.DBus) and signal subscriptions.</summary>
public sealed partial class DBusConnection
{
    /// <summary>
    /// Adds the match rule at the bus and delivers matching signals to <paramref name="handler"/> (on the read
    /// loop) until the returned handle is disposed, which removes the rule again.
    /// </summary>
    public async Task<IAsyncDisposable> SubscribeAsync(MatchRule rule, Action<DBusMessage> handler, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(rule, handler);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        try
        {
            await CallBusAsync("AddMatch", "s", [rule.ToString()], ct).ConfigureAwait(false);
        }
        catch
        {
            ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));
            throw;
        }

        return new Unsubscriber(this, subscription);
    }

    /// <summary>The unique name owning <paramref name="name"/>, or null when nobody does.</summary>
    public async Task<string?> GetNameOwnerAsync(string name, CancellationToken ct)
    {
        try
        {
            return (await CallBusAsync("GetNameOwner", "s", [name], ct).ConfigureAwait(false)).Arg<string>();
        }
        catch (DBusErrorException ex) when (ex.ErrorName == DBusErrorNames.NameHasNoOwner)
        {
            return null;
        }
    }

    /// <summary>RequestName with flags 0; returns the reply code (1 = primary owner).</summary>
    public async Task<uint> RequestNameAsync(string name, uint flags, CancellationToken ct) =>
        (await CallBusAsync("RequestName", "su", [name, flags], ct).ConfigureAwait(false)).Arg<uint>();

    /// <summary>
    /// Calls <paramref name="changed"/>(name, oldOwner, newOwner) for NameOwnerChanged of <paramref name="name"/>
    /// (an empty owner means none).
    /// </summary>
    public Task<IAsyncDisposable> WatchNameOwnerAsync(string name, Action<string, string, string> changed, CancellationToken ct) =>
        SubscribeAsync(
            new MatchRule { Sender = BusName, Interface = BusName, Member = "NameOwnerChanged", Path = BusPath, Arg0 = name },
            m => changed(m.Arg<string>(0), m.Arg<string>(1), m.Arg<string>(2)),
            ct);

    private Task<DBusMessage> CallBusAsync(string member, string signature, object[] body, CancellationToken ct) =>
        CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, member, signature, body), ct);

    private sealed class Unsubscriber(DBusConnection connection, Subscription subscription) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            ImmutableInterlocked.Update(ref connection._subscriptions, list => list.Remove(subscription));
            if (connection.CloseReason is not null)
            {
                return;
            }

            try
            {
                await connection.CallBusAsync("RemoveMatch", "s", [subscription.Rule.ToString()], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DBusConnectionClosedException or DBusErrorException)
            {
                // Closed meanwhile, or the bus no longer has it: either way the rule is gone.
            }
        }
    }
}
