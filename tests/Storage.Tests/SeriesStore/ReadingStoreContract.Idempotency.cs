using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

public abstract partial class ReadingStoreContract
{
    [Fact]
    public async Task A_duplicate_within_one_batch_is_stored_once_and_counted()
    {
        var first = Sample.Make(record: 5, value: 130);
        var replay = first with { ReceivedAt = first.ReceivedAt.AddMinutes(1) }; // same key, received again
        var other = Sample.Make(record: 6, value: 131);

        var result = await Store.Write("gw", first, replay, other, first);

        Assert.Equal(new StoreWriteResult(2, 2), result);
        Assert.Equal(2, await Store.Count());
        var stored = await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst });
        Assert.Equal(first.ReceivedAt, stored.Single(s => s.Reading.DeviceRecordNumber == 5).Reading.ReceivedAt);
    }

    [Fact]
    public async Task A_replayed_batch_overlapping_an_earlier_one_stores_only_the_new_readings()
    {
        var readings = Enumerable.Range(1, 5).Select(i => Sample.Make(record: i, value: 100 + i)).ToArray();

        var first = await Store.Write("gw", readings[..3]);
        var replay = await Store.Write("gw", readings[1..]);

        Assert.Equal(new StoreWriteResult(3, 0), first);
        Assert.Equal(new StoreWriteResult(2, 2), replay);
        var values = Sample.Values(await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst }));
        Assert.Equal([101.0, 102, 103, 104, 105], values);
    }

    [Fact]
    public async Task Two_gateways_syncing_the_same_device_store_each_reading_once_attributed_to_the_first()
    {
        var meterMemory = Enumerable.Range(1, 4).Select(i => Sample.Make(ReadingKinds.Glucose, 5 + i, record: i)).ToArray();

        var fromA = await Store.Write("gateway-A", meterMemory[..2]);
        Clock.Advance(TimeSpan.FromHours(1));
        var fromB = await Store.Write("gateway-B", meterMemory);

        Assert.Equal(new StoreWriteResult(2, 0), fromA);
        Assert.Equal(new StoreWriteResult(2, 2), fromB);
        var stored = await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst });
        Assert.Equal(["gateway-A", "gateway-A", "gateway-B", "gateway-B"], stored.Select(s => s.GatewayId));
        Assert.Equal(
            [Sample.T0, Sample.T0, Sample.T0.AddHours(1), Sample.T0.AddHours(1)],
            stored.Select(s => s.StoredAt));
    }

    [Fact]
    public async Task Concurrent_batches_from_many_gateways_store_every_distinct_reading_exactly_once()
    {
        // 8 gateways each send records 1..400 of the same device, offset so that they overlap partially.
        var tasks = Enumerable.Range(0, 8).Select(g => Task.Run(() =>
        {
            var batch = Enumerable.Range(1 + (g * 50), 400).Select(r => Sample.Make(record: r, value: r)).ToArray();
            return Store.WriteAsync(batch, $"gw-{g}");
        })).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(StoreFixture.Timeout);

        Assert.Equal(750, results.Sum(r => r.Inserted));
        Assert.Equal((8 * 400) - 750, results.Sum(r => r.Duplicates));
        Assert.Equal(750, await Store.Count());
    }

    [Fact]
    public async Task The_key_separates_kinds_of_one_record_and_devices_with_the_same_record_number()
    {
        var systolic = Sample.Make(ReadingKinds.BpSystolic, 120, record: 17);
        var diastolic = Sample.Make(ReadingKinds.BpDiastolic, 80, record: 17);
        var otherCuff = Sample.Make(ReadingKinds.BpSystolic, 140, device: "AA:BB:CC:DD:EE:02", record: 17);

        var result = await Store.Write("gw", systolic, diastolic, otherCuff);

        Assert.Equal(new StoreWriteResult(3, 0), result);
    }

    [Fact]
    public async Task Without_record_numbers_the_measured_instant_is_the_key_whatever_its_offset()
    {
        var utc = Sample.Make(measured: Sample.T0);
        var sameInstantLocal = Sample.Make(measured: Sample.T0.ToOffset(TimeSpan.FromHours(8)));
        var oneTickLater = Sample.Make(measured: Sample.T0.AddTicks(1));

        var result = await Store.Write("gw", utc, sameInstantLocal, oneTickLater);

        Assert.Equal(new StoreWriteResult(2, 1), result);
    }

    [Fact]
    public async Task A_duplicate_key_carrying_a_different_measurement_is_counted_as_a_conflict_and_the_first_kept()
    {
        var original = Sample.Make(ReadingKinds.Glucose, 6.1, record: 9);
        var sameAgain = original with { ReceivedAt = original.ReceivedAt.AddDays(1) };
        var reusedRecordNumber = Sample.Make(ReadingKinds.Glucose, 12.4, record: 9);

        await Store.Write("gw", original);
        var result = await Store.Write("gw", sameAgain, reusedRecordNumber);

        Assert.Equal(new StoreWriteResult(0, 2, 1), result);
        Assert.Equal(6.1, Assert.Single(await Store.Query(new ReadingQuery())).Reading.Value);
    }
}
