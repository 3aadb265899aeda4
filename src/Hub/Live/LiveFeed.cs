using System.Collections.Concurrent;
using System.Threading.Channels;
using TelemetryGateway.Core;

namespace TelemetryGateway.Hub.Live;

/// <summary>One reading as the live feed carries it: the reading and the gateway that delivered it.</summary>
public sealed record LiveReading(Reading Reading, string GatewayId);

/// <summary>
/// Readings as they become durable, fanned out to the dashboard's <c>/api/live</c> streams. Ingest publishes
/// each batch right after its store write returned, so a watcher never sees a reading the store could lose.
/// Publishing never waits: each watcher has a bounded queue, and a watcher that falls behind is cut off
/// (its stream ends; the browser reconnects and re-reads the gap from <c>/api/readings</c>), so a slow
/// browser can never slow ingest down.
/// </summary>
public sealed class LiveFeed(LiveMetrics? metrics = null)
{
    /// <summary>Queued readings per watcher before it is cut off.</summary>
    public const int WatcherCapacity = 4096;

    private readonly ConcurrentDictionary<LiveSubscription, byte> _watchers = new();
    private readonly LiveMetrics _metrics = metrics ?? new LiveMetrics();
    private readonly MonitorTable _monitors = new();
    private bool _stopped;

    /// <summary>The feed's counters.</summary>
    public LiveMetrics Metrics => _metrics;

    /// <summary>Devices that sent live readings (ambulance monitors), newest values per kind.</summary>
    public MonitorTable Monitors => _monitors;

    /// <summary>Hands durable readings to every watcher whose filter takes them.</summary>
    public void Publish(IReadOnlyList<Reading> readings, string gatewayId)
    {
        if (readings.Count == 0)
        {
            return;
        }
        _metrics.ReadingsPublished(readings.Count);
        _monitors.Observe(readings, gatewayId);
        foreach (var watcher in _watchers.Keys)
        {
            foreach (var reading in readings)
            {
                if (!watcher.Accepts(reading))
                {
                    continue;
                }
                if (!watcher.Writer.TryWrite(new LiveReading(reading, gatewayId)))
                {
                    if (Drop(watcher))
                    {
                        _metrics.WatcherCutOff();
                    }
                    watcher.Writer.TryComplete(new LiveFeedOverflowException());
                    break;
                }
            }
        }
    }

    /// <summary>Starts watching readings that <paramref name="accepts"/> takes; dispose to stop.</summary>
    public LiveSubscription Subscribe(Func<Reading, bool> accepts)
    {
        var channel = Channel.CreateBounded<LiveReading>(new BoundedChannelOptions(WatcherCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var subscription = new LiveSubscription(this, channel, accepts);
        if (_watchers.TryAdd(subscription, 0))
        {
            _metrics.WatcherOpened();
        }
        if (Volatile.Read(ref _stopped))
        {
            Drop(subscription);
            channel.Writer.TryComplete();
        }
        return subscription;
    }

    internal void Remove(LiveSubscription subscription) => Drop(subscription);

    /// <summary>Ends every watcher's stream (the hub is stopping: open streams would hold the listener open);
    /// later subscriptions end at once.</summary>
    public void Stop()
    {
        Volatile.Write(ref _stopped, true);
        foreach (var watcher in _watchers.Keys)
        {
            Drop(watcher);
            watcher.Writer.TryComplete();
        }
    }

    private bool Drop(LiveSubscription watcher)
    {
        if (!_watchers.TryRemove(watcher, out _))
        {
            return false;
        }
        _metrics.WatcherClosed();
        return true;
    }
}

/// <summary>One watcher of the live feed.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveFeed _feed;
    private readonly Channel<LiveReading> _channel;
    private readonly Func<Reading, bool> _accepts;

    internal LiveSubscription(LiveFeed feed, Channel<LiveReading> channel, Func<Reading, bool> accepts)
    {
        _feed = feed;
        _channel = channel;
        _accepts = accepts;
    }

    /// <summary>Readings for this watcher; completes with <see cref="LiveFeedOverflowException"/> when it fell behind.</summary>
    public ChannelReader<LiveReading> Reader => _channel.Reader;

    internal ChannelWriter<LiveReading> Writer => _channel.Writer;

    internal bool Accepts(Reading reading) => _accepts(reading);

    public void Dispose()
    {
        _feed.Remove(this);
        _channel.Writer.TryComplete();
    }
}

/// <summary>A watcher read too slowly and was cut off.</summary>
public sealed class LiveFeedOverflowException() : Exception("The live stream fell too far behind and was cut off; reconnect and re-read the gap.");
