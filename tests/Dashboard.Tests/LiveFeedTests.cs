using TelemetryGateway.Core;
using TelemetryGateway.Hub;
using TelemetryGateway.Hub.Live;

namespace TelemetryGateway.Dashboard.Tests;

/// <summary>The live feed behind <c>/api/live</c>: filtering, a slow watcher cut off without slowing
/// publishing, the monitors' newest values, and stop.</summary>
public sealed class LiveFeedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_watcher_gets_only_what_its_filter_takes_in_order()
    {
        var feed = new LiveFeed();
        using var mine = feed.Subscribe(r => r.PatientId == "P-1");
        feed.Publish([Hr("P-1", 80, T0), Hr("P-2", 90, T0), Hr("P-1", 81, T0.AddSeconds(1))], "gw");
        Assert.True(mine.Reader.TryRead(out var first));
        Assert.True(mine.Reader.TryRead(out var second));
        Assert.False(mine.Reader.TryRead(out _));
        Assert.Equal([80.0, 81.0], [first.Reading.Value, second.Reading.Value]);
        Assert.Equal("gw", first.GatewayId);
        Assert.Equal(3, feed.Metrics.Published);
        Assert.Equal(1, feed.Metrics.Watchers);
    }

    [Fact]
    public async Task A_watcher_that_never_reads_is_cut_off_and_the_others_keep_everything()
    {
        var metrics = new LiveMetrics();
        var feed = new LiveFeed(metrics);
        using var stalled = feed.Subscribe(_ => true);
        using var reading = feed.Subscribe(_ => true);
        var received = 0;
        for (var i = 0; i < LiveFeed.WatcherCapacity + 10; i++)
        {
            feed.Publish([Hr("P-1", 60 + i % 50, T0.AddSeconds(i))], "gw");
            while (reading.Reader.TryRead(out _))
            {
                received++;
            }
        }
        Assert.Equal(LiveFeed.WatcherCapacity + 10, received);
        // The stalled one holds what fitted, then its stream ends with the overflow.
        var held = 0;
        while (stalled.Reader.TryRead(out _))
        {
            held++;
        }
        Assert.Equal(LiveFeed.WatcherCapacity, held);
        await Assert.ThrowsAsync<LiveFeedOverflowException>(() => stalled.Reader.Completion);
        Assert.Equal(1, metrics.CutOff);
        Assert.Equal(1, metrics.Watchers);
    }

    [Fact]
    public void Monitors_keep_the_newest_value_per_kind_and_a_back_filled_older_one_never_replaces_it()
    {
        var feed = new LiveFeed();
        feed.Publish([Hr("P-AMB", 100, T0.AddSeconds(10))], "gw");
        feed.Publish([Hr("P-AMB", 90, T0.AddSeconds(5))], "gw");
        feed.Publish([Hr("P-AMB", 80, T0) with { Priority = ReadingPriority.Bulk, DeviceId = "cuff" }], "gw");
        var monitor = Assert.Single(feed.Monitors.Snapshot());
        Assert.Equal("monitor", monitor.DeviceId);
        Assert.Equal(100, monitor.Latest[ReadingKinds.HeartRate].Value);
        Assert.Equal(T0.AddSeconds(10), monitor.LastSeen);
    }

    [Fact]
    public async Task Stop_ends_every_stream_and_a_later_subscription_at_once()
    {
        var feed = new LiveFeed();
        var open = feed.Subscribe(_ => true);
        feed.Stop();
        await open.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var late = feed.Subscribe(_ => true);
        await late.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, feed.Metrics.Watchers);
        open.Dispose();
        late.Dispose();
    }

    private static Reading Hr(string patient, double value, DateTimeOffset at) => new()
    {
        Kind = ReadingKinds.HeartRate,
        Value = value,
        Unit = "/min",
        PatientId = patient,
        DeviceId = "monitor",
        Source = ReadingSource.Mqtt,
        MeasuredAt = at,
        ReceivedAt = at,
        Priority = ReadingPriority.Live,
    };
}
