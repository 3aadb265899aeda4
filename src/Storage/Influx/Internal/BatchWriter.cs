using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Backends;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>Settings of <see cref="BatchWriter"/>, taken from the store options.</summary>
internal readonly record struct BatchSettings(int MaxGroupReadings, TimeSpan MaxGroupDelay, int MaxLinesPerRequest, TimeSpan DuplicateWindow);

/// <summary>
/// The only code of a line-protocol store that writes. <see cref="WriteAsync"/> queues a batch; one loop
/// groups queued batches (up to <see cref="BatchSettings.MaxGroupReadings"/> readings, waiting up to
/// <see cref="BatchSettings.MaxGroupDelay"/> for more), looks up what of the group is already stored,
/// writes only the new readings and completes each caller after the server accepted all of them.
/// </summary>
/// <remarks>
/// <para>Deduplication is a lookup before the write, not the server's overwrite rule: InfluxDB replaces a
/// point with the same series and timestamp (last write wins, field by field) and VictoriaMetrics keeps
/// both or one of them, neither of which keeps the first copy or counts duplicates. With one writer per
/// store, lookup-then-write is consistent: the loop sees every write it made, in order.</para>
/// <para>A new reading gets the backend's preferred time for it unless another reading of the same device
/// and kind holds that time; then the next free one (a few nanoseconds later on InfluxDB). Because the
/// preferred time depends only on the reading, a blind replay (say, by a second hub on the same database)
/// still lands on the first copy and overwrites it with the same values instead of adding one.</para>
/// <para>Parts: the queue and its callers here; taking and writing a group in BatchWriter.Group.cs;
/// frontiers and the duplicate lookup in BatchWriter.Lookup.cs; duplicates and free times in
/// BatchWriter.Plan.cs; encoding and the requests in flight in BatchWriter.Send.cs.</para>
/// </remarks>
internal sealed partial class BatchWriter : IAsyncDisposable
{
    private readonly ILineProtocolBackend _backend;
    private readonly LineProtocolSender _sender;
    private readonly BatchSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    // Per device and kind, what is stored at most (single writer: nothing else adds to it). Only the loop touches it.
    private readonly Dictionary<(string Device, string Kind), Frontier> _frontiers = [];
    private long _sequence;
    private volatile bool _faulted;
    // A group failed after its lines may have reached the server (e.g. VictoriaMetrics answered the write
    // but the snapshot failed): those points may be neither durable nor visible to the next lookup yet.
    private bool _unsettled;

    private readonly BackendMetrics? _metrics;
    // The writer's own recent points, for a backend whose lookup may lag behind its writes (VictoriaMetrics).
    private readonly RecentWrites? _recent;
    private const int MaxRecentPoints = 500_000;

    public BatchWriter(ILineProtocolBackend backend, LineProtocolSender sender, BatchSettings settings, TimeProvider clock, ILogger logger, BackendMetrics? metrics = null)
    {
        _metrics = metrics;
        _backend = backend;
        _recent = backend.VisibilityLag > TimeSpan.Zero ? new RecentWrites(backend.VisibilityLag, MaxRecentPoints) : null;
        _sender = sender;
        _settings = settings;
        _clock = clock;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>True when the last write group failed (until one succeeds).</summary>
    public bool Faulted => _faulted;

    public Task<StoreWriteResult> WriteAsync(IReadOnlyList<Reading> readings, string gatewayId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentException.ThrowIfNullOrEmpty(gatewayId);
        return WriteRequest.Enqueue(_queue.Writer, readings, BatchCheck.KeysOf(readings, CannotStore), gatewayId, nameof(BatchWriter), cancellationToken);
    }

    /// <summary>Lets queued batches finish, then stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Why the backend could never store <paramref name="reading"/>, or null.</summary>
    public string? CannotStore(Reading reading) => ReadingCheck.CannotStore(reading) ?? _backend.CannotStore(reading);

    private async Task RunAsync()
    {
        var group = new List<WriteRequest>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            await TakeGroupAsync(reader, group).ConfigureAwait(false);
            if (group.Count > 0)
            {
                await WriteGroupAsync(group).ConfigureAwait(false);
            }
        }
    }
}
