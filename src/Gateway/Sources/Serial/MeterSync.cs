using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// One meter's sync: which of its results are new (their identity not yet handled), handing them to the sink in
/// batches, and remembering each identity only once the sink has taken it.
/// </summary>
/// <remarks>
/// A reading's <see cref="Reading.DeviceRecordNumber"/> is the result's identity (the meter's stored time and
/// ordinal, src/Serial/Meters/Contour/ContourRecordIdentity.cs), not its position in the memory, so a memory that
/// wraps (oldest dropped, positions shift), is cleared (positions restart at 1) or a clock set back changes
/// nothing: a result is new exactly when its identity is not in the set (<see cref="SyncedRecordSet"/>).
/// Handled identities are added after each batch the sink takes, so a transfer cut anywhere resumes with no gap;
/// a crash between the sink and the save resends a batch, which the buffer and the hub drop as duplicates (same
/// device, kind, identity). A complete transfer (terminator record, then EOT) shows the whole memory: the set
/// becomes exactly the identities in it, so it never outgrows the meter's memory.
/// </remarks>
internal sealed class MeterSync(string device, string meter, SyncedRecordSet store, IReadingSink sink, SerialSourceMetrics metrics, TimeProvider time, ILogger logger, int batchSize = MeterSync.DefaultBatchSize)
{
    /// <summary>Pending readings handed over at this size even mid-transfer, to bound memory.</summary>
    public const int DefaultBatchSize = 200;

    private readonly List<Reading> _pending = [];
    private readonly HashSet<long> _present = [];
    private HashSet<long> _handled = [];
    private int _loadedCount;
    private bool _sharedWithLoaded;
    private bool _dirty;

    public string Meter => meter;

    /// <summary>Identities known as handled (the set's size).</summary>
    public int Known => _handled.Count;

    public int NewInTransfer { get; private set; }

    public int SkippedInTransfer { get; private set; }

    public int ControlInTransfer { get; private set; }

    public async Task LoadAsync(CancellationToken ct)
    {
        _handled = await store.LoadAsync(ct).ConfigureAwait(false);
        _loadedCount = _handled.Count;
        if (store.LegacyCursor is { } old)
        {
            SerialSourceLog.LegacyCursor(logger, device, meter, old);
        }
    }

    /// <summary>Takes a decoded result's reading; hands a batch over when one is full.</summary>
    public async Task AddAsync(Reading reading, CancellationToken ct)
    {
        var identity = reading.DeviceRecordNumber ?? throw new ArgumentException("a meter reading carries its record identity", nameof(reading));
        _present.Add(identity);
        var known = _handled.Contains(identity);
        _sharedWithLoaded |= known;
        if ((reading.Flags & ReadingFlags.ControlSolution) != 0)
        {
            // A meter check with control solution: never a patient value. Handled, not submitted.
            ControlInTransfer++;
            metrics.Add(device, "gateway_serial_control_results_total");
            _dirty |= _handled.Add(identity);
            return;
        }

        if (known)
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

    /// <summary>Hands every pending reading to the sink (retrying while the buffer is full or failing), then saves the set.</summary>
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

            // Accepted or refused by validation (final): handled either way.
            metrics.Add(device, "gateway_serial_readings_accepted_total", result.AcceptedCount);
            NewInTransfer += result.AcceptedCount;
            foreach (var reading in _pending)
            {
                _dirty |= _handled.Add(reading.DeviceRecordNumber!.Value);
            }

            _pending.Clear();
        }

        if (_dirty)
        {
            await store.SaveAsync(_handled, ct).ConfigureAwait(false);
            _dirty = false;
        }
    }

    /// <summary>A complete transfer: the meter's whole memory was seen, so the set becomes what it holds.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        if (_loadedCount > 0 && !_sharedWithLoaded)
        {
            // Nothing the meter held before is still there: cleared (or every old result dropped). Its results were
            // judged by identity, so nothing is lost; worth knowing all the same.
            metrics.Add(device, "gateway_serial_meter_memory_reset_total");
            SerialSourceLog.MemoryReset(logger, device, meter, _loadedCount, _present.Count);
        }

        var before = _handled.Count;
        _handled.IntersectWith(_present);
        if (_handled.Count != before)
        {
            await store.SaveAsync(_handled, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Counts of a finished transfer, then zeroed for the next.</summary>
    public (int New, int Skipped, int Control) TakeTransferCounts()
    {
        var counts = (NewInTransfer, SkippedInTransfer, ControlInTransfer);
        NewInTransfer = SkippedInTransfer = ControlInTransfer = 0;
        return counts;
    }
}
