using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Gateway.Sources.Serial;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Serial.Meters.Contour;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Tests.Serial;

/// <summary>
/// Which results are new, over the real decoder, sink and edge buffer: a meter's memory (results with their stored
/// times) goes through E1394 records numbered by position as a Contour numbers them, and only results never
/// handled reach the buffer, exactly once, however the memory wrapped, was cleared or the clock moved, and wherever
/// a transfer was cut. Each transfer gets a fresh <see cref="MeterSync"/> (loading the saved set), as each header
/// does in the gateway.
/// </summary>
public sealed class MeterSyncTests : IAsyncLifetime, IDisposable
{
    private const string Meter = "7390-SYNC001";
    private const string Device = "/dev/ttyTest";
    private static readonly DateTime FirstTest = new(2026, 11, 1, 7, 30, 0);
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
    public async Task Newest_first_transfer_cut_after_three_results_resumes_without_gap_or_duplicate()
    {
        var memory = Tests(1, 10);
        await TransferAsync(memory, newestFirst: true, cutAfter: 3);
        // 8 is still held at the cut (its minute could lack older results, sent after it): the next transfer brings it.
        Assert.Equal(Ids(Tests(9, 10)), await BufferedAsync());

        await TransferAsync(memory, newestFirst: true);
        Assert.Equal(Ids(memory), await BufferedAsync());
        Assert.Equal(2, _metrics.Get(Device, "gateway_serial_already_synced_total"));

        // A later sync hands over only the new result 11.
        await TransferAsync(Tests(1, 11), newestFirst: true);
        Assert.Equal(12, _metrics.Get(Device, "gateway_serial_already_synced_total"));
        Assert.Equal(Ids(Tests(1, 11)), await BufferedAsync());
    }

    [Fact]
    public async Task Oldest_first_transfer_cut_mid_way_keeps_its_batches_and_resumes_after_them()
    {
        // Batches of 2: results 1..4 reach the buffer and the set before the cut; 5 was still pending and is handed over at the cut.
        await TransferAsync(Tests(1, 10), cutAfter: 5, batchSize: 2);
        Assert.Equal(Ids(Tests(1, 5)), await BufferedAsync());

        var sync = await TransferAsync(Tests(1, 10), batchSize: 2);
        Assert.Equal(5, _metrics.Get(Device, "gateway_serial_already_synced_total"));
        Assert.Equal(Ids(Tests(1, 10)), await BufferedAsync());
        Assert.Equal(10, sync.Known);
    }

    [Fact]
    public async Task A_control_solution_result_is_handled_but_never_buffered()
    {
        var memory = Tests(1, 4).Select(t => t.N == 2 ? t with { Control = true } : t).ToList();
        await TransferAsync(memory[..3], cutAfter: 3);
        Assert.Equal(Ids([memory[0], memory[2]]), await BufferedAsync());

        await TransferAsync(memory);
        Assert.Equal(Ids([memory[0], memory[2], memory[3]]), await BufferedAsync());
        Assert.Equal(2, _metrics.Get(Device, "gateway_serial_control_results_total"));
        Assert.Equal(2, _metrics.Get(Device, "gateway_serial_already_synced_total"));
    }

    [Fact]
    public async Task A_full_memory_that_drops_its_oldest_results_hands_over_exactly_the_new_ones()
    {
        // A memory of 5: tests 1..5 synced; then tests 6..9 pushed out 1..4, and every position shifted by four.
        await TransferAsync(Tests(1, 5));
        var sync = await TransferAsync(Tests(5, 9));

        Assert.Equal(4, sync.NewInTransfer);
        Assert.Equal(1, sync.SkippedInTransfer);
        Assert.Equal(Ids(Tests(1, 9)), await BufferedAsync());
        // The set follows the memory: only what the meter still holds.
        Assert.Equal(5, sync.Known);
        Assert.Equal(0, _metrics.Get(Device, "gateway_serial_meter_memory_reset_total"));
    }

    [Fact]
    public async Task A_cleared_memory_renumbered_from_one_has_all_its_new_results_handed_over()
    {
        await TransferAsync(Tests(1, 40));

        // Cleared on the meter, then three new tests at positions 1..3 (numbers the old results had).
        var sync = await TransferAsync(Tests(41, 43));

        Assert.Equal(3, sync.NewInTransfer);
        Assert.Equal(Ids(Tests(1, 43)), await BufferedAsync());
        Assert.Equal(1, _metrics.Get(Device, "gateway_serial_meter_memory_reset_total"));
        Assert.Equal(3, sync.Known);
    }

    [Fact]
    public async Task Results_taken_after_the_clock_was_set_back_are_still_handed_over()
    {
        var memory = Tests(1, 5);
        await TransferAsync(memory);

        // The clock set back two days: the next two tests are stored with times before the older results.
        var earlier = new List<MeterTest> { new(6, FirstTest.AddDays(-2), 150), new(7, FirstTest.AddDays(-2).AddHours(1), 160) };
        var sync = await TransferAsync([.. memory, .. earlier]);

        Assert.Equal(2, sync.NewInTransfer);
        Assert.Equal(Ids([.. memory, .. earlier]), await BufferedAsync());
    }

    [Fact]
    public async Task Results_stored_in_the_same_minute_are_each_handed_over_once()
    {
        var at = FirstTest.AddDays(3);
        var memory = new List<MeterTest> { new(1, at, 100), new(2, at.AddSeconds(20), 110), new(3, at.AddSeconds(40), 120) };
        await TransferAsync(memory[..2]);
        await TransferAsync(memory);

        var minute = ContourRecordIdentity.Minute(at);
        Assert.Equal([minute * 100 + 1, minute * 100 + 2, minute * 100 + 3], await BufferedAsync());
    }

    [Fact]
    public async Task A_newest_first_meter_with_a_new_result_in_the_minute_of_a_synced_one_hands_over_each_once()
    {
        // Sent newest first, the new result of 07:30 comes before the synced one: it must not take its ordinal.
        var at = FirstTest.AddDays(3);
        var memory = new List<MeterTest> { new(1, at.AddHours(-2), 90), new(2, at, 100), new(3, at.AddSeconds(30), 110) };
        await TransferAsync(memory[..2], newestFirst: true);
        await TransferAsync(memory, newestFirst: true);

        var minute = ContourRecordIdentity.Minute(at);
        Assert.Equal([ContourRecordIdentity.Minute(at.AddHours(-2)) * 100 + 1, minute * 100 + 1, minute * 100 + 2], await BufferedAsync());
        Assert.Equal(2, _metrics.Get(Device, "gateway_serial_already_synced_total"));
        // Each value once: the new 110 reached the buffer, the synced 100 was not sent again under another key.
        var items = await _buffer.ReadBatchAsync(0, null, 1000, long.MaxValue);
        Assert.Equal(3, items.Select(i => TelemetryGateway.Contracts.V1.Reading.Parser.ParseFrom(i.Payload).Value).Distinct().Count());
    }

    [Fact]
    public async Task A_second_gateway_syncing_the_same_meter_derives_the_same_keys_so_nothing_is_buffered_twice()
    {
        await TransferAsync(Tests(1, 6));
        // Another gateway (its own data directory, nothing known) in front of the same buffer, after the memory wrapped.
        using var other = new GatewayFixture();
        await TransferAsync(Tests(3, 8), dataDirectory: other.DataDirectory);

        Assert.Equal(Ids(Tests(1, 8)), await BufferedAsync());
    }

    [Fact]
    public async Task A_position_cursor_of_an_older_version_is_replaced_by_one_full_sync()
    {
        var sources = Path.Combine(_fixture.DataDirectory, "sources");
        Directory.CreateDirectory(sources);
        var legacy = Path.Combine(sources, $"serial-{Meter}.cursor");
        await File.WriteAllTextAsync(legacy, "40");

        var sync = await TransferAsync(Tests(1, 40));

        // Positions identify nothing: the whole memory goes once more, and the old file is gone.
        Assert.Equal(40, sync.NewInTransfer);
        Assert.False(File.Exists(legacy));
        await TransferAsync(Tests(1, 40));
        Assert.Equal(40, _metrics.Get(Device, "gateway_serial_already_synced_total"));
    }

    private sealed record MeterTest(int N, DateTime At, int MgPerDl, bool Control = false);

    private static List<MeterTest> Tests(int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(n => new MeterTest(n, FirstTest.AddHours(4 * (n - 1)), 80 + n))];

    private static List<long> Ids(IEnumerable<MeterTest> tests) =>
        [.. tests.Where(t => !t.Control).Select(t => ContourRecordIdentity.Of(ContourRecordIdentity.Minute(t.At), 1)).Order()];

    // One transfer of the memory (oldest first as stored) numbered 1..n by position in the transfer, through the
    // Contour decoder and a fresh MeterSync; cut after `cutAfter` results when given.
    private async Task<MeterSync> TransferAsync(IReadOnlyList<MeterTest> memory, bool newestFirst = false, int? cutAfter = null, int batchSize = MeterSync.DefaultBatchSize, string? dataDirectory = null)
    {
        dataDirectory ??= _fixture.DataDirectory;
        var sent = newestFirst ? memory.Reverse().ToList() : [.. memory];
        var decoder = new ContourMessageDecoder();
        decoder.Accept(string.Create(CultureInfo.InvariantCulture, $"H|\\^&||sim|Bayer7390^01.24^{Meter}^7403-|A=1|{sent.Count}||||||1|202612010000"));
        var sync = new MeterSync(Device, Meter, new SyncedRecordSet(dataDirectory, Meter), _sink, _metrics, TimeProvider.System, NullLogger.Instance, batchSize);
        await sync.LoadAsync(CancellationToken.None);
        for (var i = 0; i < sent.Count && i < (cutAfter ?? int.MaxValue); i++)
        {
            var t = sent[i];
            await AddAsync(sync, decoder, decoder.Accept(string.Create(CultureInfo.InvariantCulture,
                $"R|{i + 1}|^^^Glucose|{t.MgPerDl}|mg/dL^P||{(t.Control ? "C" : "")}||{t.At:yyyyMMddHHmm}")));
        }

        if (cutAfter is null)
        {
            await AddAsync(sync, decoder, decoder.Accept("L|1||N"));
            await sync.CompleteAsync(CancellationToken.None);
        }
        else
        {
            await AddAsync(sync, decoder, decoder.Cut());
            await sync.FlushAsync(CancellationToken.None);
        }

        // What the next MeterSync will load is what this one holds.
        Assert.Equal(sync.Known, (await new SyncedRecordSet(dataDirectory, Meter).LoadAsync(CancellationToken.None)).Count);
        return sync;
    }

    // Record identities in the buffer, from the idempotency keys ("glucose|r20261101073001|7390-SYNC001"), each as often as buffered.
    private static async Task AddAsync(MeterSync sync, ContourMessageDecoder decoder, IReadOnlyList<ContourResult> results)
    {
        foreach (var result in results)
        {
            await sync.AddAsync(ContourReadings.ToReading(result, decoder.Meter!, TimeZoneInfo.Utc, DateTimeOffset.UtcNow), CancellationToken.None);
        }
    }

    private async Task<List<long>> BufferedAsync()
    {
        var items = await _buffer.ReadBatchAsync(0, null, 1000, long.MaxValue);
        return [.. items.Select(i => long.Parse(i.DedupKey.Split('|')[1][1..], CultureInfo.InvariantCulture)).Order()];
    }
}
