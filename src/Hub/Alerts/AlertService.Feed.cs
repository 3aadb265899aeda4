using System.Runtime.CompilerServices;

namespace TelemetryGateway.Hub.Alerts;

public sealed partial class AlertService
{
    private const int BacklogPage = 500;

    /// <summary>
    /// Every change matching <paramref name="filter"/>: first those after <paramref name="afterEventId"/> from
    /// the audit log (when given), then live ones as they are committed, without a gap or a repeat. Ends when
    /// the hub stops; throws <see cref="AlertFeedOverflowException"/> when the caller reads too slowly.
    /// <paramref name="subscribed"/> runs once the watcher is subscribed and before anything is read: the place
    /// to tell a client "you are watching now" (gRPC response headers), so no change falls in between.
    /// </summary>
    public async IAsyncEnumerable<AlertChange> WatchAsync(AlertFilter filter, long? afterEventId, Func<Task>? subscribed = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        // Subscribe before reading the backlog: a change committed in between is in both, and skipped once.
        using var subscription = _feed.Subscribe(filter, WatcherCapacity);
        if (subscribed is not null)
        {
            await subscribed().ConfigureAwait(false);
        }
        var last = afterEventId ?? 0;
        if (afterEventId is not null)
        {
            while (true)
            {
                var page = await AuditAsync(filter, null, last, BacklogPage, linked.Token).ConfigureAwait(false);
                foreach (var change in page)
                {
                    last = change.EventId;
                    yield return change;
                }
                if (page.Count < BacklogPage)
                {
                    break;
                }
            }
        }
        var reader = subscription.Channel.Reader;
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                yield break;
            }
            catch (AlertFeedOverflowException)
            {
                _metrics.WatcherOverflow();
                AlertLog.WatcherOverflow(_logger, WatcherCapacity);
                throw;
            }
            if (!more)
            {
                yield break;
            }
            while (reader.TryRead(out var change))
            {
                if (change.EventId > last)
                {
                    last = change.EventId;
                    yield return change;
                }
            }
        }
    }

    /// <summary>True once the hub has begun to stop: watchers end.</summary>
    public bool Stopping => _stopping.IsCancellationRequested;
}
