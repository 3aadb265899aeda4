using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Hub.Tests.Infrastructure;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub.Tests;

/// <summary>A hub stopped while a gateway streams loses nothing it acknowledged.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Nothing_acknowledged_is_missing_after_a_stop_mid_stream_and_a_restart()
    {
        await using var hub = await TestHub.StartAsync();
        var acked = new HashSet<long>();
        var ackedEnough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RpcException? ending = null;
        await using (var gateway = await hub.ConnectAsync())
        {
            var sender = Task.Run(async () =>
            {
                try
                {
                    for (long first = 1; ; first += 200)
                    {
                        await gateway.SendBatchAsync(Readings.Series("cuff-1", first, 200));
                    }
                }
                catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException)
                {
                    // The hub ended the stream.
                }
            });
            var reader = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var message = await gateway.ReadAsync();
                        lock (acked)
                        {
                            acked.UnionWith(Readings.Acknowledged(message.Ack));
                            if (acked.Count >= 2000)
                            {
                                ackedEnough.TrySetResult();
                            }
                        }
                    }
                }
                catch (RpcException ex)
                {
                    ending = ex;
                }
            });

            await ackedEnough.Task.WaitAsync(TestGateway.Timeout);
            await hub.StopAsync();
            await reader.WaitAsync(TestGateway.Timeout);
            await sender.WaitAsync(TestGateway.Timeout);
        }

        Assert.Equal(StatusCode.Unavailable, ending?.StatusCode);
        await hub.RestartAsync();
        var stored = (await hub.Host.Store.QueryAsync(new ReadingQuery { DeviceId = "cuff-1", Limit = ReadingQuery.MaxLimit }))
            .Select(s => s.Reading.DeviceRecordNumber!.Value).ToHashSet();
        Assert.True(acked.Count >= 2000);
        Assert.Empty(acked.Except(stored));
    }

    [Fact]
    public async Task A_stopped_hub_refuses_new_streams_and_its_store_reopens()
    {
        await using var hub = await TestHub.StartAsync();
        await using (var gateway = await hub.ConnectAsync())
        {
            await gateway.SendAndAckAsync(Readings.Series("cuff-1", 1, 5));
            var stop = hub.StopAsync();
            var error = await gateway.ExpectErrorAsync();
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            await stop.WaitAsync(TestGateway.Timeout);
        }

        await hub.RestartAsync();
        Assert.Equal(5, await hub.Host.Store.CountAsync());
    }
}
