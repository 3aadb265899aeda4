using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Hub.Tests.Infrastructure;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub.Tests;

/// <summary>Acks only after durable writes, in batch order, with a bounded number of writes in flight;
/// a failed write ends the stream with UNAVAILABLE and nothing unstored is acknowledged.</summary>
public sealed class StoreFaultTests
{
    [Fact]
    public async Task A_failed_write_ends_the_stream_unavailable_and_acks_nothing_from_it_on()
    {
        FaultInjectingStore? store = null;
        await using var hub = await TestHub.StartAsync(storeFactory: async (options, ct) =>
            store = new FaultInjectingStore(await TelemetryGateway.Storage.ReadingStoreFactory.CreateAsync(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), options.DataDirectory, TimeProvider.System, null, ct)) { FailWrite = 3 });
        var acked = new List<long>();
        await using (var gateway = await hub.ConnectAsync())
        {
            for (var i = 0; i < 6; i++)
            {
                await gateway.SendBatchAsync(Readings.Series("cuff-1", 1 + i * 10L, 10));
            }
            var error = await ReadAcksUntilErrorAsync(gateway, acked);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), acked);
        Assert.Equal(1, hub.Host.Metrics.StoreWriteFailures);
        var stored = (await hub.Host.Store.QueryAsync(new ReadingQuery { Limit = 1000 })).Select(s => s.Reading.DeviceRecordNumber!.Value).ToHashSet();
        Assert.Superset(acked.ToHashSet(), stored);
        Assert.DoesNotContain(21L, stored);

        // The gateway reconnects and resends everything unacknowledged: all of it ends up stored once.
        await using var again = await hub.ConnectAsync();
        var ack = await again.SendAndAckAsync(Readings.Series("cuff-1", 21, 40));
        Assert.Equal(40, Readings.Acknowledged(ack).Count);
        Assert.Equal(60, await hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task A_slow_write_holds_back_later_acks_and_reading_stops_when_the_pipeline_is_full()
    {
        FaultInjectingStore? store = null;
        await using var hub = await TestHub.StartAsync(storeFactory: async (options, ct) =>
            store = new FaultInjectingStore(await TelemetryGateway.Storage.ReadingStoreFactory.CreateAsync(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), options.DataDirectory, TimeProvider.System, null, ct)) { StallWrite = 1 });
        await using var gateway = await hub.ConnectAsync();
        const int batches = 20;
        for (var i = 0; i < batches; i++)
        {
            await gateway.SendBatchAsync(Readings.Series("cuff-1", 1 + i * 10L, 10));
        }
        var firstAck = gateway.ReadAsync();

        // Writes 2..9 complete while write 1 stalls; the hub reads no further than its in-flight limit.
        using (var timeout = new CancellationTokenSource(TestGateway.Timeout))
        {
            while (store!.WritesCompleted < 8)
            {
                await Task.Delay(10, timeout.Token);
            }
        }
        await Task.Delay(300);
        Assert.False(firstAck.IsCompleted, "an ack was sent while the first batch's write had not returned");
        Assert.InRange(store.WritesStarted, 9, 10);

        store.Release();
        var acks = new List<Ack> { (await firstAck).Ack };
        for (var i = 1; i < batches; i++)
        {
            acks.Add((await gateway.ReadAsync()).Ack);
        }
        Assert.Equal(Enumerable.Range(0, batches).Select(i => 1 + i * 10L), acks.Select(a => a.Ranges.Single().First));
        Assert.Equal(batches * 10, await hub.Host.Store.CountAsync());
    }

    private static async Task<RpcException> ReadAcksUntilErrorAsync(TestGateway gateway, List<long> acked)
    {
        while (true)
        {
            HubMessage message;
            try
            {
                message = await gateway.ReadAsync();
            }
            catch (RpcException ex)
            {
                return ex;
            }
            acked.AddRange(Readings.Acknowledged(message.Ack));
        }
    }
}
