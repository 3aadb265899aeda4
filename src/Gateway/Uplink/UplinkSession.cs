using System.Reflection;
using System.Threading.Channels;
using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>
/// One Ingest.Stream call (telemetry.proto header): Hello, Welcome, then a sender loop (urgent band first,
/// then back-fill, within the in-flight window) and a receiver loop (acks, configuration) until either
/// fails or the gateway stops; a third loop completes the buffer deletions the acks started. Cursors start at 0, so everything unacknowledged is sent again.
/// </summary>
internal sealed partial class UplinkSession : IDisposable
{
    private static readonly string SoftwareVersion =
        typeof(UplinkSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly UplinkContext _context;
    private readonly InFlightWindow _window;
    private readonly CancellationTokenSource _cts;
    private readonly AsyncDuplexStreamingCall<GatewayMessage, HubMessage> _call;
    private readonly Channel<PendingDeletion> _deletions;
    private long _alertCursor;
    private long _urgentCursor;
    private long _bulkCursor;
    private int _maxBatchReadings;

    public UplinkSession(UplinkContext context, CancellationToken stop)
    {
        _context = context;
        _window = new InFlightWindow(context.Options.MaxInFlightBatches, context.MaxBulkInFlight);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _call = context.Channel.AsyncDuplexStreamingCall(IngestServiceDescriptor.Stream, new CallOptions(CancellationToken: _cts.Token));
        _maxBatchReadings = context.Options.MaxBatchReadings;
        _deletions = Channel.CreateBounded<PendingDeletion>(new BoundedChannelOptions(Math.Max(4, context.Options.MaxInFlightBatches * 2))
        {
            SingleReader = true,
            SingleWriter = true,
        });
    }

    /// <summary>Runs until the session fails (throws) or <c>stop</c> is cancelled (OperationCanceledException).</summary>
    /// <param name="welcomed">Called once the hub has answered Hello: the Welcome, the batch limit in force, the readings buffered.</param>
    public async Task RunAsync(Action<Welcome, int, long> welcomed)
    {
        var ct = _cts.Token;
        var hello = await HelloAsync(ct).ConfigureAwait(false);
        await _call.RequestStream.WriteAsync(new GatewayMessage { Hello = hello }, ct).ConfigureAwait(false);
        var welcome = await WaitForWelcomeAsync(ct).ConfigureAwait(false);
        if (welcome.MaxBatchReadings > 0)
        {
            _maxBatchReadings = Math.Min(_maxBatchReadings, welcome.MaxBatchReadings);
        }

        welcomed(welcome, _maxBatchReadings, hello.Status.BufferedReadings);
        _context.Signal.HintAll();
        Task[] loops = [SendLoopAsync(ct), ReceiveLoopAsync(ct), CompleteDeletionsAsync(ct)];
        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await _cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch when (first.IsFaulted || first.IsCanceled)
        {
            // The loop that ended first says why; the others only noticed the cancellation.
        }

        await first.ConfigureAwait(false);
        throw new UplinkProtocolException("The session ended without an error.");
    }

    public void Dispose()
    {
        _cts.Cancel();
        _call.Dispose();
        _cts.Dispose();
    }

    private async Task<Hello> HelloAsync(CancellationToken ct) => new()
    {
        GatewayId = _context.Options.Id,
        SoftwareVersion = SoftwareVersion,
        Secret = _context.Options.Secret ?? "",
        Status = await StatusAsync(ct).ConfigureAwait(false),
    };

    private async Task<Welcome> WaitForWelcomeAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_context.WelcomeTimeout, _context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            while (await _call.ResponseStream.MoveNext(linked.Token).ConfigureAwait(false))
            {
                var message = _call.ResponseStream.Current;
                switch (message.BodyCase)
                {
                    case HubMessage.BodyOneofCase.Welcome:
                        return message.Welcome;
                    case HubMessage.BodyOneofCase.Configuration:
                        await ApplyConfigurationAsync(message.Configuration, ct).ConfigureAwait(false);
                        break;
                    default:
                        throw new UplinkProtocolException($"The hub sent {message.BodyCase} before Welcome.");
                }
            }
        }
        catch (RpcException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new UplinkProtocolException($"The hub sent no Welcome within {_context.WelcomeTimeout.TotalSeconds:0} s of Hello.");
        }

        throw new UplinkProtocolException("The hub ended the stream without sending Welcome.");
    }

    private async Task<GatewayStatus> StatusAsync(CancellationToken ct)
    {
        var stats = await _context.Buffer.GetStatsAsync(ct).ConfigureAwait(false);
        var oldest = stats.Priorities.Where(p => p.OldestCreated is not null).Select(p => p.OldestCreated!.Value).DefaultIfEmpty().Min();
        return new GatewayStatus
        {
            BufferedReadings = stats.Count,
            BufferedBytes = stats.Bytes,
            OldestBufferedUnixMs = stats.Count > 0 ? oldest.ToUnixTimeMilliseconds() : 0,
            EvictedTotal = stats.Evicted,
            RejectedTotal = _context.Metrics.ReadingsRejected,
        };
    }
}
