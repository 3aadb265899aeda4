using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Tests.Sync;

/// <summary>Keeps what a sync committed, and the cursor as the gateway would persist it.</summary>
internal sealed class RecordingSink : ISyncRecordSink
{
    private readonly List<Reading> _readings = [];

    public long Cursor => Position.Record;

    public RecordCursor Position { get; private set; } = RecordCursor.None;

    public int Commits { get; private set; }

    public IReadOnlyList<Reading> Readings
    {
        get
        {
            lock (_readings)
            {
                return [.. _readings];
            }
        }
    }

    public Task CommitAsync(IReadOnlyList<Reading> readings, RecordCursor? cursor, CancellationToken ct)
    {
        lock (_readings)
        {
            _readings.AddRange(readings);
            Commits++;
            if (cursor is not null)
            {
                Position = cursor;
            }
        }

        return Task.CompletedTask;
    }
}
