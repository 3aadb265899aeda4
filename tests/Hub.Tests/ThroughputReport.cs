using System.Diagnostics;
using System.Globalization;
using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;
using TelemetryGateway.Hub.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TelemetryGateway.Hub.Tests;

/// <summary>Readings per second one gateway stream gets through the hub (batches of 2 000, up to 16 unacknowledged),
/// printed, never asserted: the figure depends on the machine. Readings: 6 kinds × 10 devices, as the store's
/// own WriteRateReport. Run in Release for a figure worth quoting:
/// <c>dotnet test tests/Hub.Tests -c Release --filter ThroughputReport --logger "console;verbosity=detailed"</c>.</summary>
public sealed class ThroughputReport(ITestOutputHelper output)
{
    private const int BatchSize = 2000;
    private const int Batches = 150;
    private const int Window = 16;

    private static readonly (string Kind, string Unit, double Value)[] Kinds =
    [
        (ReadingKinds.BpSystolic, "mm[Hg]", 128),
        (ReadingKinds.BpDiastolic, "mm[Hg]", 84),
        (ReadingKinds.HeartRate, "/min", 72),
        (ReadingKinds.SpO2, "%", 97),
        (ReadingKinds.RespRate, "/min", 16),
        (ReadingKinds.BodyTemperature, "Cel", 36.8),
    ];

    [Fact]
    public async Task One_gateway_stream_of_2000_reading_batches()
    {
        var batches = Enumerable.Range(0, Batches).Select(Build).ToList();
        await using var hub = await TestHub.StartAsync();
        await using var gateway = await hub.ConnectAsync();
        using var window = new SemaphoreSlim(Window);
        var acked = 0L;

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var stopwatch = Stopwatch.StartNew();
        var reader = Task.Run(async () =>
        {
            for (var i = 0; i < Batches; i++)
            {
                var message = await gateway.ReadAsync();
                Assert.Empty(message.Ack.Rejections);
                acked += Readings.Acknowledged(message.Ack).Count;
                window.Release();
            }
        });
        foreach (var batch in batches)
        {
            await window.WaitAsync(TestGateway.Timeout);
            await gateway.SendAsync(batch);
        }
        await reader.WaitAsync(TimeSpan.FromMinutes(2));
        stopwatch.Stop();

        var total = (long)BatchSize * Batches;
        Assert.Equal(total, acked);
        Assert.Equal(total, await hub.Host.Store.CountAsync());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var writes = hub.Host.Metrics.StoreWriteSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} readings in {stopwatch.Elapsed.TotalSeconds:0.00} s: {total / stopwatch.Elapsed.TotalSeconds:0} readings/s " +
            $"(batches of {BatchSize}, window {Window}; mean store write {writes.Sum / writes.Count * 1000:0.0} ms over {writes.Count} batches; " +
            $"process CPU {cpu.TotalSeconds:0.00} s (gateway side included), GC pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:0} ms, gen2 GCs {GC.CollectionCount(2) - gen2Before}; " +
            $"load average {LoadAverage()})"));
    }

    [Fact]
    public async Task The_store_alone_with_the_same_batches_for_comparison()
    {
        var batches = Enumerable.Range(0, Batches)
            .Select(i => Build(i).Batch.Readings.Select(r => ReadingMapper.FromProto(r.Reading)).ToList())
            .ToList();
        var directory = Path.Combine(Path.GetTempPath(), "hub-store-rate-" + Guid.NewGuid().ToString("N"));
        var options = new HubOptions { DataDirectory = directory };
        await using (var store = await TelemetryGateway.Storage.ReadingStoreFactory.CreateAsync(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), options.DataDirectory, TimeProvider.System, null, CancellationToken.None))
        {
            var inFlight = new Queue<Task>();
            var stopwatch = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                if (inFlight.Count == 8)
                {
                    await inFlight.Dequeue();
                }
                inFlight.Enqueue(store.WriteAsync(batch, "gw-1"));
            }
            await Task.WhenAll(inFlight);
            stopwatch.Stop();
            var total = (long)BatchSize * Batches;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"store alone: {total} readings in {stopwatch.Elapsed.TotalSeconds:0.00} s: {total / stopwatch.Elapsed.TotalSeconds:0} readings/s (8 batches of {BatchSize} in flight)"));
        }
        Directory.Delete(directory, recursive: true);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static GatewayMessage Build(int batchIndex)
    {
        var batch = new ReadingBatch();
        for (var j = 0; j < BatchSize; j++)
        {
            var sequence = (long)batchIndex * BatchSize + j + 1;
            var (kind, unit, value) = Kinds[(int)(sequence / 10 % Kinds.Length)];
            var record = sequence / (10 * Kinds.Length);
            var measured = Readings.Base.AddSeconds(record);
            batch.Readings.Add(Readings.At(sequence, new Core.Reading
            {
                Kind = kind,
                Value = value,
                Unit = unit,
                DeviceId = string.Create(CultureInfo.InvariantCulture, $"monitor-{sequence % 10}"),
                Source = ReadingSource.Mqtt,
                MeasuredAt = measured,
                ReceivedAt = measured.AddMilliseconds(400),
                DeviceRecordNumber = record,
            }));
        }
        return new GatewayMessage { Batch = batch };
    }
}
