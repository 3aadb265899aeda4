using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bench.BleSync;

/// <summary>Takes the sync's commits and only counts them: the bench measures the BLE path, not the buffer.</summary>
internal sealed class CountingSink : ISyncRecordSink
{
    public int Readings { get; private set; }

    public Task CommitAsync(IReadOnlyList<Reading> readings, RecordCursor? cursor, CancellationToken ct)
    {
        Readings += readings.Count;
        return Task.CompletedTask;
    }
}
