using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

public abstract partial class ReadingStoreContract
{
    [Fact]
    public async Task Reopening_keeps_every_reading_and_still_deduplicates()
    {
        var readings = Enumerable.Range(1, 50)
            .Select(i => Sample.Make(i % 2 == 0 ? ReadingKinds.Glucose : ReadingKinds.BpSystolic, i, record: i) with
            {
                Flags = (ReadingFlags)(1L << (i % 30)),
                Reported = new Quantity(i * 18.016, "mg/dL"),
            })
            .ToArray();
        await Store.Write("gateway-A", readings);
        var before = await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst });

        await ReopenAsync();
        var after = await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst });
        var replay = await Store.Write("gateway-B", readings);

        Assert.Equal(50, after.Count);
        Assert.Equal(before, after);
        Assert.Equal(readings, after.Select(s => s.Reading));
        Assert.Equal(new StoreWriteResult(0, 50), replay);
        Assert.All(after, s => Assert.Equal("gateway-A", s.GatewayId));
    }

    [Fact]
    public async Task The_store_reports_healthy_while_open_and_unhealthy_once_disposed()
    {
        Assert.True(await Store.IsHealthyAsync().WaitAsync(StoreFixture.Timeout));

        await Store.DisposeAsync();

        Assert.False(await Store.IsHealthyAsync().WaitAsync(StoreFixture.Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.Write("gw", Sample.At(0)));
    }
}
