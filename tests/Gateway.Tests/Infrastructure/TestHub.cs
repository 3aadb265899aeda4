using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;
using Reading = TelemetryGateway.Core.Reading;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.Gateway.Tests.Infrastructure;

/// <summary>One batch as the hub received it.</summary>
public sealed record ReceivedBatch(int Session, long[] Sequences, Contracts.V1.Priority[] Priorities, DateTimeOffset ReceivedAt);

/// <summary>
/// A minimal hub on our gRPC server that speaks telemetry.proto faithfully: Hello → Welcome (or
/// UNAUTHENTICATED), then per batch, in order: store each reading in a list keyed by its idempotency key
/// (a replay is a duplicate, stored once), then Ack the ranges of what it stored. Knobs inject faults:
/// a per-reading store cost, dropping the stream after n batches, acking only some sequences, rejecting.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Reading> _stored = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedBatch> _batches = new();
    private readonly ConcurrentQueue<GatewayStatus> _statuses = new();
    private readonly ConcurrentQueue<Hello> _hellos = new();
    private readonly ConcurrentQueue<AlertSignal> _alerts = new();
    private long _duplicates;
    private int _sessions;
    private int _drops;

    private TestHub(WebApplication app, int port)
    {
        _app = app;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>The secret a gateway must present; null accepts any.</summary>
    public string? ExpectedSecret { get; set; } = GatewayFixture.Secret;

    public bool RefuseEveryone { get; set; }

    public int MaxBatchReadings { get; set; } = 2000;

    /// <summary>Simulated durable-write cost per stored reading (the ack waits for it).</summary>
    public TimeSpan StoreCostPerReading { get; set; }

    /// <summary>Reset the stream (storing, not acking, the batch) after this many batches of a session, <see cref="DropTimes"/> times in total.</summary>
    public int DropAfterBatches { get; set; } = -1;

    public int DropTimes { get; set; } = 1;

    /// <summary>Which sequences to acknowledge (default: all stored).</summary>
    public Func<long, bool> Acknowledge { get; set; } = _ => true;

    /// <summary>A reason to reject a reading, or null to store it.</summary>
    public Func<Reading, string?> Reject { get; set; } = _ => null;

    /// <summary>Sent right after Welcome when set.</summary>
    public Configuration? ConfigurationAfterWelcome { get; set; }

    public IReadOnlyDictionary<string, Reading> Stored => _stored;

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public int Sessions => Volatile.Read(ref _sessions);

    public IReadOnlyList<ReceivedBatch> Batches => [.. _batches];

    public IReadOnlyList<GatewayStatus> Statuses => [.. _statuses];

    public IReadOnlyList<Hello> Hellos => [.. _hellos];

    /// <summary>Edge alert signals received, in arrival order, resends included.</summary>
    public IReadOnlyList<AlertSignal> Alerts => [.. _alerts];

    public static async Task<TestHub> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpcServer();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, port)));
        var app = builder.Build();
        TestHub? hub = null;
        app.UseGrpcServer(ServerServiceDefinition.CreateBuilder()
            .AddMethod(IngestServiceDescriptor.Stream, (requests, responses, context) => hub!.StreamAsync(requests, responses, context))
            .Build());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        hub = new TestHub(app, new Uri(address).Port);
        return hub;
    }

    /// <summary>A loopback port with nothing listening (for "hub down").</summary>
    public static int FreePort() => TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();

    /// <summary>Stops at once, aborting open streams, as a crash or a lost link would.</summary>
    public async ValueTask DisposeAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await _app.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }

    private async Task StreamAsync(IAsyncStreamReader<GatewayMessage> requests, IServerStreamWriter<HubMessage> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requests.MoveNext(ct) || requests.Current.BodyCase != GatewayMessage.BodyOneofCase.Hello)
        {
            throw new RpcException(StatusCode.InvalidArgument, "Hello must come first.");
        }

        var hello = requests.Current.Hello;
        _hellos.Enqueue(hello);
        if (RefuseEveryone || (ExpectedSecret is not null && hello.Secret != ExpectedSecret))
        {
            throw new RpcException(StatusCode.Unauthenticated, $"Gateway '{hello.GatewayId}' is unknown or its secret is wrong.");
        }

        var session = Interlocked.Increment(ref _sessions);
        await responses.WriteAsync(new HubMessage { Welcome = new Welcome { HubId = "test-hub", MaxBatchReadings = MaxBatchReadings } });
        if (ConfigurationAfterWelcome is { } configuration)
        {
            await responses.WriteAsync(new HubMessage { Configuration = configuration });
        }

        var batches = 0;
        while (await requests.MoveNext(ct))
        {
            var message = requests.Current;
            if (message.BodyCase == GatewayMessage.BodyOneofCase.Status)
            {
                _statuses.Enqueue(message.Status);
                continue;
            }

            if (message.BodyCase != GatewayMessage.BodyOneofCase.Batch)
            {
                throw new RpcException(StatusCode.InvalidArgument, $"Unexpected {message.BodyCase}.");
            }

            var ack = await StoreAsync(session, message.Batch, ct);
            if (++batches > DropAfterBatches && DropAfterBatches >= 0 && Interlocked.Increment(ref _drops) <= DropTimes)
            {
                // Stored but never acknowledged: the gateway must resend it, and the store must drop the replay.
                context.HttpContext.Abort();
                return;
            }

            await responses.WriteAsync(new HubMessage { Ack = ack });
        }
    }

    private async Task<Ack> StoreAsync(int session, ReadingBatch batch, CancellationToken ct)
    {

        var cost = StoreCostPerReading * batch.Readings.Count;
        if (cost >= TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(cost, ct);
        }

        var ack = new Ack();
        var stored = new List<long>();
        foreach (var sequenced in batch.Readings)
        {
            if (sequenced.Alert is { } alert)
            {
                // An edge alert signal: kept in arrival order (replays included), acknowledged like a reading.
                _alerts.Enqueue(alert);
                if (Acknowledge(sequenced.Sequence))
                {
                    stored.Add(sequenced.Sequence);
                }
                continue;
            }

            var reading = ReadingMapper.FromProto(sequenced.Reading);
            if (Reject(reading) is { } reason)
            {
                ack.Rejections.Add(new Rejection { Sequence = sequenced.Sequence, Reason = reason, Message = $"rejected by the test hub: {reason}" });
                continue;
            }

            if (!_stored.TryAdd(reading.Key.ToString(), reading))
            {
                Interlocked.Increment(ref _duplicates);
            }

            if (Acknowledge(sequenced.Sequence))
            {
                stored.Add(sequenced.Sequence);
            }
        }

        _batches.Enqueue(new ReceivedBatch(
            session, [.. batch.Readings.Select(r => r.Sequence)], [.. batch.Readings.Select(r => r.Reading?.Priority ?? Contracts.V1.Priority.Alert)], DateTimeOffset.UtcNow));
        ack.Ranges.AddRange(IngestProtocol.ToRanges(stored));
        return ack;
    }
}
