using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Gateway.Sources;
using TelemetryGateway.Gateway.Sources.Serial;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Tests.Serial;

/// <summary>
/// The per-meter cursor over the real sink and edge buffer: only records after the last sync are handed over, and
/// a transfer cut anywhere (whichever order the meter sends its memory in) resumes with nothing missed and
/// nothing buffered twice. Each transfer gets a fresh <see cref="MeterSync"/>, as each header does in the gateway.
/// </summary>
public sealed class MeterSyncTests : IAsyncLifetime, IDisposable
{
    private const string Meter = "7390-SYNC001";
    private const string Device = "/dev/ttyTest";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly GatewayFixture _fixture = new();
    private readonly SerialSourceMetrics _metrics = new();
    private EdgeBufferStore _buffer = null!;
    private ReadingSink _sink = null!;

    public async Task InitializeAsync()
    {
        _buffer = await EdgeBufferStore.OpenAsync(new EdgeBufferOptions { Path = Path.Combine(_fixture.DataDirectory, "buffer.db") });
        _sink = new ReadingSink(_buffer, new DeviceBindingTable(_fixture.DataDirectory), new GatewayMetrics(), (_, _) => { }, TimeProvider.System, NullLogger.Instance);
    }

    public async Task DisposeAsync() => await _buffer.DisposeAsync();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Newest_first_transfer_cut_after_three_records_resumes_without_gap_or_duplicate()
    {
        // Cut after 10, 9, 8: handed over, but 1..7 are missing, so the cursor must not move.
        Assert.Equal(0, await TransferAsync([10, 9, 8], complete: false));
        Assert.Equal([8L, 9L, 10L], await BufferedAsync());

        // The next, complete transfer proves nothing lies between: the cursor moves to 10.
        Assert.Equal(10, await TransferAsync([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], complete: true));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), await BufferedAsync());

        // A later sync hands over only the new record 11.
        var skippedBefore = _metrics.Get(Device, "gateway_serial_already_synced_total");
        Assert.Equal(11, await TransferAsync([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], complete: true));
        Assert.Equal(10, _metrics.Get(Device, "gateway_serial_already_synced_total") - skippedBefore);
        Assert.Equal(Enumerable.Range(1, 11).Select(n => (long)n), await BufferedAsync());
    }

    [Fact]
    public async Task Oldest_first_transfer_cut_mid_way_keeps_its_batches_and_resumes_after_them()
    {
        // Batches of 2: records 1..5 reach the buffer before the cut, and the cursor covers them.
        Assert.Equal(5, await TransferAsync([1, 2, 3, 4, 5], complete: false, batchSize: 2));

        Assert.Equal(10, await TransferAsync([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], complete: true, batchSize: 2));
        Assert.Equal(5, _metrics.Get(Device, "gateway_serial_already_synced_total"));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), await BufferedAsync());
    }

    [Fact]
    public async Task A_control_solution_result_moves_the_cursor_but_is_never_buffered()
    {
        Assert.Equal(3, await TransferAsync([1, 2, 3], complete: false, control: 2));
        Assert.Equal([1L, 3L], await BufferedAsync());
        Assert.Equal(1, _metrics.Get(Device, "gateway_serial_control_results_total"));

        Assert.Equal(4, await TransferAsync([1, 2, 3, 4], complete: true, control: 2));
        Assert.Equal([1L, 3L, 4L], await BufferedAsync());
    }

    [Fact]
    public async Task A_meter_whose_memory_ends_below_the_cursor_is_reported_not_skipped_in_silence()
    {
        Assert.Equal(40, await TransferAsync([.. Enumerable.Range(1, 40).Select(n => (long)n)], complete: true));
        Assert.Equal(0, _metrics.Get(Device, "gateway_serial_cursor_ahead_total"));

        // Memory cleared on the meter: it now holds records 1..3, all at or below the cursor.
        Assert.Equal(40, await TransferAsync([1, 2, 3], complete: true));

        Assert.Equal(1, _metrics.Get(Device, "gateway_serial_cursor_ahead_total"));
    }

    // One transfer through a fresh MeterSync (loading the saved cursor); returns the cursor it leaves.
    private async Task<long> TransferAsync(long[] records, bool complete, int batchSize = MeterSync.DefaultBatchSize, long control = -1)
    {
        var cursor = new SourceCursor(_fixture.DataDirectory, $"serial-{Meter}");
        var sync = new MeterSync(Device, Meter, cursor, _sink, _metrics, TimeProvider.System, NullLogger.Instance, batchSize);
        await sync.LoadAsync(CancellationToken.None);
        foreach (var n in records)
        {
            await sync.AddAsync(Result(n, n == control), CancellationToken.None);
        }

        if (complete)
        {
            await sync.CompleteAsync(CancellationToken.None);
        }
        else
        {
            await sync.FlushAsync(CancellationToken.None);
        }

        Assert.Equal(sync.Cursor, await cursor.LoadAsync(CancellationToken.None));
        return sync.Cursor;
    }

    private static Reading Result(long n, bool control) => new()
    {
        Kind = ReadingKinds.Glucose,
        Value = 5 + (n / 10.0),
        Unit = "mmol/L",
        DeviceId = Meter,
        Source = ReadingSource.Serial,
        MeasuredAt = Now.AddMinutes(n - 100),
        ReceivedAt = Now,
        DeviceRecordNumber = n,
        Flags = control ? ReadingFlags.ControlSolution : ReadingFlags.None,
        Priority = ReadingPriority.Bulk,
    };

    // Record numbers in the buffer, from the idempotency keys ("glucose|r7|7390-SYNC001"), each as often as buffered.
    private async Task<List<long>> BufferedAsync()
    {
        var items = await _buffer.ReadBatchAsync(0, null, 1000, long.MaxValue);
        return [.. items.Select(i => long.Parse(i.DedupKey.Split('|')[1][1..], System.Globalization.CultureInfo.InvariantCulture)).Order()];
    }
}
