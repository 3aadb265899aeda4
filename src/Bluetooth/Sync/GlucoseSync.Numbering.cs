using System.Buffers.Binary;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.RecordAccess;

namespace TelemetryGateway.Bluetooth.Sync;

/// <summary>
/// A meter whose record numbers started again (battery change, reset, replaced memory) would otherwise be
/// asked for "≥ N+1" forever and its new records 1..N never pulled, or pulled and dropped at the hub as
/// duplicates of the old records with the same numbers. Before each pull the meter is asked for the cursor's
/// own record (RACP report stored records, within range [N, N]) and its bytes compared with the anchor kept
/// with the cursor.
/// </summary>
public sealed partial class GlucoseSync
{
    private enum AnchorCheck
    {
        /// <summary>No anchor, or the meter cannot report a range: nothing to compare.</summary>
        Unknown,
        Same,
        Differs,
        Missing,
    }

    /// <summary>Where to pull from: the cursor, or a new numbering epoch when the meter's numbering restarted.</summary>
    private async Task<(RecordCursor Start, long? Count, bool Restarted)> PlanAsync(BlePeripheral device, RecordCursor cursor, CancellationToken ct)
    {
        var (check, found) = await CheckAnchorAsync(device, cursor, ct).ConfigureAwait(false);
        var count = await CountAsync(device, cursor.Sequence, ct).ConfigureAwait(false);
        long? total = null;
        var restarted = check == AnchorCheck.Differs;
        if (check == AnchorCheck.Missing)
        {
            // Record N is gone. If records below N remain, the numbering started again (a meter deleting old
            // records deletes from the oldest, so N would not go before them). If every record left lies beyond
            // N (memory cleared, numbering continued) or none is left, it did not, or cannot tell yet: the
            // cursor stays and the next record's number decides.
            total = await CountAsync(device, 0, ct).ConfigureAwait(false);
            restarted = total is { } all && count is { } beyond && all > beyond;
        }

        if (!restarted)
        {
            return (cursor, count, false);
        }

        var next = cursor.NextEpoch();
        total ??= await CountAsync(device, 0, ct).ConfigureAwait(false);
        SyncLog.NumberingRestarted(Logger, device.Address, cursor.Sequence, cursor.Anchor ?? "", found ?? "(none)", total ?? -1, next.Epoch);
        return (next, total, true);
    }

    private async Task<(AnchorCheck Check, string? Found)> CheckAnchorAsync(BlePeripheral device, RecordCursor cursor, CancellationToken ct)
    {
        if (cursor.Sequence == 0 || cursor.Anchor is null)
        {
            return (AnchorCheck.Unknown, null);
        }

        await WriteRacpAsync(device, RacpRequest.ReportRange(cursor.Sequence, cursor.Sequence), ct).ConfigureAwait(false);
        string? found = null;
        while (true)
        {
            var notification = await NextAsync(device, ct).ConfigureAwait(false);
            if (notification.Uuid16 == GattCharacteristics.GlucoseMeasurement)
            {
                // Flags (1 byte), then the sequence number (uint16): compared as sent, not decoded.
                if (notification.Value.Length >= 3 && BinaryPrimitives.ReadUInt16LittleEndian(notification.Value.AsSpan(1)) == cursor.Sequence)
                {
                    found = Convert.ToHexString(notification.Value);
                }

                continue;
            }

            if (notification.Uuid16 != GattCharacteristics.RecordAccessControlPoint
                || RacpResponse.Decode(notification.Value) is not RacpResponseCode { RequestOpCode: RacpOpCode.ReportStoredRecords } response)
            {
                continue; // a context of the anchor record, or the end of an earlier procedure
            }

            if (response.Value == RacpResponseValue.NoRecordsFound)
            {
                return (AnchorCheck.Missing, null);
            }

            if (!response.IsSuccess)
            {
                return (AnchorCheck.Unknown, null); // e.g. operator not supported: cannot check, pull as before
            }

            return found is null ? (AnchorCheck.Missing, null)
                : string.Equals(found, cursor.Anchor, StringComparison.OrdinalIgnoreCase) ? (AnchorCheck.Same, found)
                : (AnchorCheck.Differs, found);
        }
    }
}
