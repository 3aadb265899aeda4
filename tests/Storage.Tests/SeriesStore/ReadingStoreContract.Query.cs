using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

public abstract partial class ReadingStoreContract
{
    /// <summary>Two patients, two devices, two kinds; value = minutes after T0 + 100 × (device number).</summary>
    private async Task SeedAsync()
    {
        var readings = new List<Reading>();
        foreach (var (device, patient, offset) in new[] { ("cuff-1", "anna", 100), ("cuff-2", "bo", 200) })
        {
            foreach (var minutes in new[] { 0, 10, 20, 30 })
            {
                readings.Add(Sample.At(minutes, ReadingKinds.BpSystolic, offset + minutes, device, patient));
                readings.Add(Sample.At(minutes, ReadingKinds.HeartRate, offset + minutes + 0.5, device, patient));
            }
        }
        await Store.WriteAsync(readings, "gw").WaitAsync(StoreFixture.Timeout);
    }

    [Fact]
    public async Task Query_by_device_returns_only_that_device_newest_first()
    {
        await SeedAsync();

        var result = await Store.Query(new ReadingQuery { DeviceId = "cuff-2", Kind = ReadingKinds.BpSystolic });

        Assert.Equal([230.0, 220, 210, 200], Sample.Values(result));
    }

    [Fact]
    public async Task Query_by_patient_returns_every_kind_of_that_patient()
    {
        await SeedAsync();

        var result = await Store.Query(new ReadingQuery { PatientId = "anna" });

        Assert.Equal([130.5, 130, 120.5, 120, 110.5, 110, 100.5, 100], Sample.Values(result));
    }

    [Fact]
    public async Task Query_by_kind_alone_spans_patients()
    {
        await SeedAsync();

        var result = await Store.Query(new ReadingQuery { Kind = ReadingKinds.HeartRate, Order = QueryOrder.OldestFirst });

        Assert.Equal([100.5, 200.5, 110.5, 210.5, 120.5, 220.5, 130.5, 230.5], Sample.Values(result));
    }

    [Fact]
    public async Task Time_range_includes_from_and_excludes_to()
    {
        await SeedAsync();

        var result = await Store.Query(new ReadingQuery
        {
            DeviceId = "cuff-1",
            Kind = ReadingKinds.BpSystolic,
            From = Sample.T0.AddMinutes(10),
            To = Sample.T0.AddMinutes(30),
            Order = QueryOrder.OldestFirst,
        });

        Assert.Equal([110.0, 120], Sample.Values(result));
    }

    [Fact]
    public async Task Time_bounds_compare_instants_whatever_their_offset()
    {
        await SeedAsync();
        var tenPastInBeijing = Sample.T0.AddMinutes(10).ToOffset(TimeSpan.FromHours(8));

        var result = await Store.Query(new ReadingQuery { PatientId = "bo", Kind = ReadingKinds.BpSystolic, From = tenPastInBeijing });

        Assert.Equal([230.0, 220, 210], Sample.Values(result));
    }

    [Fact]
    public async Task Effective_time_is_the_received_time_when_the_device_sent_none()
    {
        var measuredEarly = Sample.Make(value: 1, record: 1, measured: Sample.T0.AddMinutes(1), received: Sample.T0.AddMinutes(50));
        var receivedMiddle = Sample.Make(value: 2, record: 2, received: Sample.T0.AddMinutes(20));
        var measuredLate = Sample.Make(value: 3, record: 3, measured: Sample.T0.AddMinutes(40), received: Sample.T0.AddMinutes(41));
        await Store.Write("gw", measuredLate, measuredEarly, receivedMiddle);

        var ordered = await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst });
        var window = await Store.Query(new ReadingQuery { From = Sample.T0.AddMinutes(10), To = Sample.T0.AddMinutes(30) });

        Assert.Equal([1.0, 2, 3], Sample.Values(ordered));
        Assert.Equal([2.0], Sample.Values(window));
    }

    [Fact]
    public async Task Limit_keeps_the_first_readings_in_the_requested_order()
    {
        await SeedAsync();

        var newest = await Store.Query(new ReadingQuery { PatientId = "anna", Kind = ReadingKinds.BpSystolic, Limit = 3 });
        var oldest = await Store.Query(new ReadingQuery { PatientId = "anna", Kind = ReadingKinds.BpSystolic, Limit = 3, Order = QueryOrder.OldestFirst });

        Assert.Equal([130.0, 120, 110], Sample.Values(newest));
        Assert.Equal([100.0, 110, 120], Sample.Values(oldest));
    }

    [Fact]
    public async Task The_default_limit_is_1000()
    {
        var readings = Enumerable.Range(1, 1001).Select(i => Sample.Make(record: i, value: i)).ToArray();
        await Store.Write("gw", readings);

        var result = await Store.Query(new ReadingQuery());

        Assert.Equal(1000, result.Count);
        Assert.Equal(1001, await Store.Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void A_limit_outside_1_to_100000_is_refused(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadingQuery { Limit = limit });

    [Fact]
    public void The_largest_limit_is_100000() =>
        Assert.Equal(100_000, new ReadingQuery { Limit = 100_000 }.Limit);

    [Fact]
    public async Task Readings_at_the_same_instant_come_in_storage_order_or_its_reverse()
    {
        var a = Sample.Make(ReadingKinds.BpSystolic, 1, measured: Sample.T0);
        var b = Sample.Make(ReadingKinds.BpDiastolic, 2, measured: Sample.T0);
        var c = Sample.Make(ReadingKinds.BpMean, 3, measured: Sample.T0);
        await Store.Write("gw", a, b);
        await Store.Write("gw", c);

        var oldestFirst = Sample.Values(await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst }));
        var newestFirst = Sample.Values(await Store.Query(new ReadingQuery()));

        Assert.Equal([1.0, 2, 3], oldestFirst);
        Assert.Equal([3.0, 2, 1], newestFirst);
    }

    [Fact]
    public async Task Filters_that_match_nothing_return_an_empty_list()
    {
        await SeedAsync();

        Assert.Empty(await Store.Query(new ReadingQuery { PatientId = "anna", DeviceId = "cuff-2" }));
        Assert.Empty(await Store.Query(new ReadingQuery { Kind = ReadingKinds.Glucose }));
        Assert.Empty(await Store.Query(new ReadingQuery { From = Sample.T0.AddMinutes(31) }));
        Assert.Empty(await Store.Query(new ReadingQuery { PatientId = "ANNA" })); // ids are case-sensitive
    }

    [Fact]
    public async Task Count_applies_the_filters_and_ignores_limit_and_order()
    {
        await SeedAsync();

        Assert.Equal(16, await Store.Count());
        Assert.Equal(8, await Store.Count(new ReadingQuery { PatientId = "bo", Limit = 1 }));
        Assert.Equal(4, await Store.Count(new ReadingQuery { DeviceId = "cuff-1", Kind = ReadingKinds.HeartRate }));
        Assert.Equal(6, await Store.Count(new ReadingQuery { Kind = ReadingKinds.BpSystolic, From = Sample.T0.AddMinutes(1), Order = QueryOrder.OldestFirst }));
    }
}
