using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Core;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>
/// A sync's commits into the gateway: readings (with the configured patient, if any; otherwise the reading
/// sink applies the hub's device bindings) accepted durably by the reading sink, and only then the device's
/// cursor saved. Readings refused by validation are counted and logged by the sink; the cursor still moves
/// past them (asking the device again would give the same record). A full or failing buffer throws: the
/// cursor stays and the next visit asks again.
/// </summary>
internal sealed class BleSyncSink(IReadingSink sink, BleCursorFile? cursor, string? patientId) : ISyncRecordSink
{
    public async Task CommitAsync(IReadOnlyList<Reading> readings, RecordCursor? position, CancellationToken ct)
    {
        if (readings.Count > 0)
        {
            var bound = patientId is null ? readings : [.. readings.Select(r => r with { PatientId = patientId })];
            await sink.SubmitAsync(bound, ct).ConfigureAwait(false);
        }

        if (cursor is not null && position is not null)
        {
            await cursor.SaveAsync(position, ct).ConfigureAwait(false);
        }
    }
}
