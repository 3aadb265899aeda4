using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Core;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>
/// A sync's commits into the gateway: readings (with the configured patient, if any) accepted durably by
/// the reading sink, and only then the device's cursor saved. Readings refused by validation are counted
/// and logged by the sink; the cursor still moves past them (asking the device again would give the same
/// record). A full or failing buffer throws: the cursor stays and the next visit asks again.
/// </summary>
internal sealed class BleSyncSink(IReadingSink sink, SourceCursor? cursor, string? patientId) : ISyncRecordSink
{
    public async Task CommitAsync(IReadOnlyList<Reading> readings, long? lastRecord, CancellationToken ct)
    {
        if (readings.Count > 0)
        {
            var bound = patientId is null ? readings : [.. readings.Select(r => r with { PatientId = patientId })];
            await sink.SubmitAsync(bound, ct).ConfigureAwait(false);
        }

        if (cursor is not null && lastRecord is { } last)
        {
            await cursor.SaveAsync(last, ct).ConfigureAwait(false);
        }
    }
}
