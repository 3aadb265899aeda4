using System.Diagnostics;
using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc.Client;

namespace TelemetryGateway.Bench.Store;

/// <summary>A gateway's side of <c>telemetry.v1.Ingest/Stream</c> without a buffer: sends prepared batches as
/// fast as the hub acknowledges them (at most <c>window</c> unacknowledged), and times first send → last ack.</summary>
internal static class IngestClient
{
    public static async Task<TimeSpan> RunAsync(Uri hub, string gatewayId, string secret, IReadOnlyList<ReadingBatch> batches, int window, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(hub);
        using var call = channel.AsyncDuplexStreamingCall(IngestServiceDescriptor.Stream);
        await call.RequestStream.WriteAsync(new GatewayMessage { Hello = new Hello { GatewayId = gatewayId, Secret = secret, SoftwareVersion = "store-bench", Status = new GatewayStatus() } });
        for (var i = 0; i < 2; i++) // Welcome, Configuration
        {
            if (!await call.ResponseStream.MoveNext(ct))
            {
                throw new InvalidOperationException("the hub ended the stream during the handshake");
            }
        }
        var total = batches.Sum(b => (long)b.Readings.Count);
        using var credit = new SemaphoreSlim(window, window);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var reader = Task.Run(async () =>
        {
            try
            {
                await ReadAcksAsync();
            }
            catch
            {
                await failed.CancelAsync(); // unblocks the sender
                throw;
            }
        }, ct);

        async Task ReadAcksAsync()
        {
            long acked = 0;
            while (acked < total && await call.ResponseStream.MoveNext(ct))
            {
                var message = call.ResponseStream.Current;
                if (message.BodyCase != HubMessage.BodyOneofCase.Ack)
                {
                    continue;
                }
                if (message.Ack.Rejections.Count > 0)
                {
                    throw new InvalidOperationException($"the hub rejected {message.Ack.Rejections.Count} readings: {message.Ack.Rejections[0].Reason} {message.Ack.Rejections[0].Message}");
                }
                acked += message.Ack.Ranges.Sum(r => r.Last - r.First + 1);
                credit.Release();
            }
            if (acked < total)
            {
                throw new InvalidOperationException($"the stream ended after {acked} of {total} acknowledgements");
            }
        }

        try
        {
            foreach (var batch in batches)
            {
                await credit.WaitAsync(failed.Token);
                await call.RequestStream.WriteAsync(new GatewayMessage { Batch = batch });
            }
        }
        catch (OperationCanceledException) when (reader.IsFaulted)
        {
        }
        await reader;
        clock.Stop();
        await call.RequestStream.CompleteAsync();
        return clock.Elapsed;
    }
}
