using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// One meter's sync: which of its records are new (after its cursor), handing them to the sink in batches,
/// and moving the cursor only over an unbroken run of records the sink has taken.
/// </summary>
/// <remarks>
/// The cursor (<see cref="SourceCursor"/>, one file per meter serial number) is the highest record number N such
/// that every record 1..N was accepted (or refused by validation, which is final). A record past a gap is
/// handed over but does not move the cursor, so a transfer cut anywhere resumes with nothing missed; what is
/// handed over twice is dropped as a duplicate by the buffer and the hub (same device, kind, record number).
/// A complete transfer (terminator record, then EOT) proves there is nothing between: the cursor then moves to
/// the highest record handled.
/// </remarks>
internal sealed class MeterSync(string device, string meter, SourceCursor cursor, IReadingSink sink, SerialSourceMetrics metrics, TimeProvider time, ILogger logger, int batchSize = MeterSync.DefaultBatchSize)
{
    /// <summary>Pending readings handed over at this size even mid-transfer, to bound memory.</summary>
    public const int DefaultBatchSize = 200;

    private readonly List<Reading> _pending = [];
    private readonly SortedSet<long> _handledPastCursor = [];
    private long _cursor;
    private long _highestHandled;
    private long _highestSeen;

    public string Meter => meter;

    public long Cursor => _cursor;

    public int NewInTransfer { get; private set; }

    public int SkippedInTransfer { get; private set; }

    public int ControlInTransfer { get; private set; }

    public async Task LoadAsync(CancellationToken ct)
    {
        _cursor = await cursor.LoadAsync(ct).ConfigureAwait(false);
        _highestHandled = _cursor;
    }

    /// <summary>Takes a decoded result's reading; hands a batch over when one is full.</summary>
    public async Task AddAsync(Reading reading, CancellationToken ct)
    {
        var number = reading.DeviceRecordNumber ?? 0;
        _highestSeen = Math.Max(_highestSeen, number);
        if ((reading.Flags & ReadingFlags.ControlSolution) != 0)
        {
            // A meter check with control solution: never a patient value. Handled, not submitted.
            ControlInTransfer++;
            metrics.Add(device, "gateway_serial_control_results_total");
            MarkHandled(number);
            return;
        }

        if (number <= _cursor)
        {
            SkippedInTransfer++;
            metrics.Add(device, "gateway_serial_already_synced_total");
            return;
        }

        _pending.Add(reading);
        if (_pending.Count >= Math.Max(1, batchSize))
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Hands every pending reading to the sink (retrying while the buffer is full or failing), then saves the cursor.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count > 0)
        {
            var retry = new RetryPolicy(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), time);
            AcceptResult result;
            while (true)
            {
                try
                {
                    result = await sink.SubmitAsync(_pending, ct).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is BufferFullException or BufferWriteException)
                {
                    var delay = retry.NextDelay();
                    SerialSourceLog.AcceptFailed(logger, device, ex.Message, delay.TotalMilliseconds);
                    await retry.DelayAsync(delay, ct).ConfigureAwait(false);
                }
            }

            metrics.Add(device, "gateway_serial_readings_accepted_total", result.AcceptedCount);
            NewInTransfer += result.AcceptedCount;
            foreach (var reading in _pending)
            {
                MarkHandled(reading.DeviceRecordNumber ?? 0);
            }

            _pending.Clear();
        }

        await SaveAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A complete transfer: nothing lies between the cursor and the highest record handled.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        if (_highestSeen < _cursor)
        {
            // The whole memory ends below the cursor: the meter was cleared or renumbered its records. Its new
            // records carry numbers already synced and would be skipped without a word; say so loudly.
            metrics.Add(device, "gateway_serial_cursor_ahead_total");
            SerialSourceLog.CursorAhead(logger, device, meter, _highestSeen, _cursor);
        }

        _handledPastCursor.Clear();
        if (_highestHandled > _cursor)
        {
            _cursor = _highestHandled;
            await cursor.SaveAsync(_cursor, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Counts of a finished transfer, then zeroed for the next.</summary>
    public (int New, int Skipped, int Control) TakeTransferCounts()
    {
        var counts = (NewInTransfer, SkippedInTransfer, ControlInTransfer);
        NewInTransfer = SkippedInTransfer = ControlInTransfer = 0;
        return counts;
    }

    private void MarkHandled(long number)
    {
        if (number > _cursor)
        {
            _handledPastCursor.Add(number);
            _highestHandled = Math.Max(_highestHandled, number);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        var moved = false;
        while (_handledPastCursor.Remove(_cursor + 1))
        {
            _cursor++;
            moved = true;
        }

        if (moved)
        {
            await cursor.SaveAsync(_cursor, ct).ConfigureAwait(false);
        }
    }
}
