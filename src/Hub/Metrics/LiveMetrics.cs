using System.Globalization;
using System.Text;

namespace TelemetryGateway.Hub;

/// <summary>Counters of the dashboard's live feed (<see cref="Live.LiveFeed"/>).</summary>
public sealed class LiveMetrics
{
    private long _published;
    private long _cutOff;
    private long _watchers;

    /// <summary>Readings handed to the live feed after their store write.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Live streams cut off for reading too slowly.</summary>
    public long CutOff => Interlocked.Read(ref _cutOff);

    /// <summary>Live streams open now.</summary>
    public long Watchers => Interlocked.Read(ref _watchers);

    internal void ReadingsPublished(int count) => Interlocked.Add(ref _published, count);

    internal void WatcherCutOff() => Interlocked.Increment(ref _cutOff);

    internal void WatcherOpened() => Interlocked.Increment(ref _watchers);

    internal void WatcherClosed() => Interlocked.Decrement(ref _watchers);

    internal void WritePrometheus(StringBuilder output)
    {
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_live_readings_published_total Readings handed to dashboard live streams after their store write.\n# TYPE hub_live_readings_published_total counter\nhub_live_readings_published_total {Published}\n");
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_live_watchers Dashboard live streams open.\n# TYPE hub_live_watchers gauge\nhub_live_watchers {Watchers}\n");
        output.Append(CultureInfo.InvariantCulture, $"# HELP hub_live_watchers_cut_off_total Dashboard live streams cut off for reading too slowly.\n# TYPE hub_live_watchers_cut_off_total counter\nhub_live_watchers_cut_off_total {CutOff}\n");
    }
}
