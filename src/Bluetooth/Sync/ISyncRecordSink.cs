using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// Where a sync hands the readings of complete records. The gateway's implementation accepts them into its
/// durable buffer and only then moves the device's cursor, so a crash or a
/// dropped link between the two can only repeat records (which the buffer and the hub deduplicate), never
/// skip one.
/// </summary>
public interface ISyncRecordSink
{
    /// <summary>Returns once the readings are durable and the cursor saved; throwing stops the sync.</summary>
    /// <param name="readings">Readings of whole records, in record order (may be empty when records held no value).</param>
    /// <param name="cursor">The last record covered, with its anchor (glucose); null for devices without record numbers.</param>
    Task CommitAsync(IReadOnlyList<Reading> readings, RecordCursor? cursor, CancellationToken ct);
}

/// <summary>What one visit to a device achieved.</summary>
/// <param name="Records">Records committed in this visit.</param>
/// <param name="LastRecord">Cursor after the visit (glucose), null for devices without record numbers.</param>
/// <param name="DeviceCount">What the device reported it would send (RACP number of stored records), when asked.</param>
/// <param name="ClockOffset">Gateway clock minus device clock, when the device has a readable Current Time.</param>
/// <param name="ClockSet">True when the device clock was set to the gateway's.</param>
/// <param name="FormatErrors">Notifications that could not be decoded (counted and skipped).</param>
/// <param name="NumberingRestarted">The meter's record numbers had started again (reset, battery change): its records were pulled in a new numbering epoch.</param>
public sealed record SyncResult(int Records, long? LastRecord, int? DeviceCount, TimeSpan? ClockOffset, bool ClockSet, int FormatErrors, bool NumberingRestarted = false);
