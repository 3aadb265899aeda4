using System.Threading.Channels;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Thrown to a watcher that fell too far behind: it is ended, not silently skipped, and resumes
/// from its last event id through the audit log.</summary>
public sealed class AlertFeedOverflowException(int capacity)
    : Exception($"The watcher fell {capacity} changes behind and was ended; resume from the last event id.");

/// <summary>Hands every committed change, in event id order, to the live watchers whose filter matches.</summary>
internal sealed class AlertFeed
{
    private readonly Lock _gate = new();
    private readonly List<AlertSubscription> _subscriptions = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public AlertSubscription Subscribe(AlertFilter filter, int capacity)
    {
        var subscription = new AlertSubscription(this, filter, capacity);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Called in event id order (under the service's lock).</summary>
    public void Publish(AlertChange change)
    {
        lock (_gate)
        {
            for (var i = _subscriptions.Count - 1; i >= 0; i--)
            {
                var subscription = _subscriptions[i];
                if (subscription.Filter.Matches(change.Alert) && !subscription.Channel.Writer.TryWrite(change))
                {
                    subscription.Channel.Writer.TryComplete(new AlertFeedOverflowException(subscription.Capacity));
                    _subscriptions.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Ends every watcher (hub stopping).</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Channel.Writer.TryComplete();
            }
            _subscriptions.Clear();
        }
    }

    internal void Remove(AlertSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }
}

/// <summary>One watcher's queue of changes.</summary>
internal sealed class AlertSubscription(AlertFeed feed, AlertFilter filter, int capacity) : IDisposable
{
    public AlertFilter Filter { get; } = filter;

    public int Capacity { get; } = capacity;

    public Channel<AlertChange> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<AlertChange>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });

    public void Dispose()
    {
        feed.Remove(this);
        Channel.Writer.TryComplete();
    }
}
