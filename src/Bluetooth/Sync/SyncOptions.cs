namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>Timing of a record sync.</summary>
public sealed class SyncOptions
{
    /// <summary>Longest silence between notifications of one RACP procedure (GLS §3.3.3: 30 s procedure timeout).</summary>
    public TimeSpan RecordTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A cuff that sends nothing for this long after indications were enabled has nothing (more) stored.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Records committed together (a dropped link loses at most this many to a re-request, never to loss).</summary>
    public int CommitBatch { get; init; } = 25;

    /// <summary>Set the device clock when it is off by more than this (and the device allows the write).</summary>
    public TimeSpan ClockSetThreshold { get; init; } = TimeSpan.FromSeconds(2);
}
