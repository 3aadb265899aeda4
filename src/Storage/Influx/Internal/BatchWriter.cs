using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Backends;
using TelemetryGateway.Storage.Influx.LineProtocol;
using TelemetryGateway.Storage.SeriesStore;

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
/// </remarks>
internal sealed class BatchWriter : IAsyncDisposable
{
    private readonly ILineProtocolBackend _backend;
    private readonly LineProtocolSender _sender;
    private readonly BatchSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
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
        var keys = KeysOf(readings);
        if (keys.Length == 0)
        {
            return Task.FromResult(default(StoreWriteResult));
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StoreWriteResult>(cancellationToken);
        }
        var request = new Request(readings, keys, gatewayId, cancellationToken);
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(BatchWriter));
        }
        return request.Completion.Task;
    }

    /// <summary>Lets queued batches finish, then stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Why the backend could never store <paramref name="reading"/>, or null.</summary>
    public string? CannotStore(Reading reading) => ReadingCheck.CannotStore(reading) ?? _backend.CannotStore(reading);

    /// <summary>The key of each reading after checking that the backend can store each faithfully.</summary>
    private IdempotencyKey[] KeysOf(IReadOnlyList<Reading> readings)
    {
        var keys = new IdempotencyKey[readings.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var reading = readings[i] ?? throw new ArgumentException($"Reading {i} of the batch is null.", nameof(readings));
            var problem = CannotStore(reading);
            if (problem is not null)
            {
                throw new ArgumentException($"Reading {i} of the batch ({reading.Kind} of device {reading.DeviceId}) cannot be stored: {problem}.", nameof(readings));
            }
            keys[i] = reading.Key;
        }
        return keys;
    }

    private async Task RunAsync()
    {
        var group = new List<Request>();
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

    /// <summary>Takes queued batches while they fit (a batch is never split; a larger one goes alone), and
    /// while the group is short of the size, waits up to the delay for more.</summary>
    private async Task TakeGroupAsync(ChannelReader<Request> reader, List<Request> group)
    {
        var readings = 0;
        var startedAt = _clock.GetTimestamp();
        while (true)
        {
            while (reader.TryPeek(out var next)
                && (group.Count == 0 || readings + next.Keys.Length <= _settings.MaxGroupReadings)
                && reader.TryRead(out next))
            {
                if (next.Cancellation.IsCancellationRequested)
                {
                    next.Completion.TrySetCanceled(next.Cancellation);
                    continue;
                }
                group.Add(next);
                readings += next.Keys.Length;
            }
            var remaining = _settings.MaxGroupDelay - _clock.GetElapsedTime(startedAt);
            if (group.Count == 0 || readings >= _settings.MaxGroupReadings || remaining <= TimeSpan.Zero || reader.TryPeek(out _))
            {
                return; // full, out of time, or the next batch does not fit
            }
            using var wait = new CancellationTokenSource(remaining, _clock);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WriteGroupAsync(List<Request> group)
    {
        var startedAt = _clock.GetTimestamp();
        try
        {
            if (_unsettled)
            {
                // Settle first (VictoriaMetrics: snapshot = flush + persist). Otherwise the lookup below could
                // miss points of the failed group that are still only in memory: a replay would then be
                // written again (a second sample, merged only by -dedup.minScrapeInterval), or a reading found
                // as a duplicate would be acknowledged while its stored copy is not yet durable.
                await _backend.AfterWriteAsync(CancellationToken.None).ConfigureAwait(false);
                _unsettled = false;
            }
            var frontiers = await FrontiersAsync(group).ConfigureAwait(false);
            var lookup = LookupFor(group, frontiers);
            var existing = lookup is null ? [] : await _backend.FindExistingAsync(lookup, CancellationToken.None).ConfigureAwait(false);
            _recent?.Expire(_clock.GetTimestamp() - (long)(_recent.Window.TotalSeconds * _clock.TimestampFrequency));
            var plan = Plan(group, existing);
            if (plan.Count > 0)
            {
                try
                {
                    await SendAsync(plan).ConfigureAwait(false);
                    await _backend.AfterWriteAsync(CancellationToken.None).ConfigureAwait(false);
                    Remember(plan, tentative: !_backend.DurableAfterWrite);
                }
                catch
                {
                    Remember(plan, tentative: true);
                    _unsettled = true;
                    // Part of a failed group may be stored: forget what we knew and ask again next time.
                    foreach (var (request, index, _) in plan)
                    {
                        _frontiers.Remove((request.Readings[index].DeviceId, request.Readings[index].Kind));
                    }
                    throw;
                }
                if (frontiers)
                {
                    foreach (var (request, index, time) in plan)
                    {
                        var reading = request.Readings[index];
                        var series = (reading.DeviceId, reading.Kind);
                        _frontiers[series] = _frontiers.GetValueOrDefault(series, Frontier.Empty).After(time, reading.DeviceRecordNumber);
                    }
                }
            }
            _faulted = false;
            _metrics?.GroupWritten(plan.Count, _clock.GetElapsedTime(startedAt));
            foreach (var request in group)
            {
                if (request.Result.Conflicts > 0)
                {
                    InfluxLog.Conflicts(_logger, request.Result.Conflicts, request.GatewayId, request.FirstConflict!);
                }
                request.Completion.TrySetResult(request.Result);
            }
        }
        catch (Exception ex)
        {
            _faulted = true;
            _metrics?.GroupFailed(ex.Message, _clock.GetUtcNow());
            InfluxLog.GroupFailed(_logger, ex, group.Sum(r => r.Keys.Length));
            foreach (var request in group)
            {
                request.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>Learns the frontier of every series of the group not known yet; false when the backend has none.</summary>
    private async Task<bool> FrontiersAsync(List<Request> group)
    {
        var unknown = new HashSet<(string, string)>();
        foreach (var request in group)
        {
            foreach (var reading in request.Readings)
            {
                if (!_frontiers.ContainsKey((reading.DeviceId, reading.Kind)))
                {
                    unknown.Add((reading.DeviceId, reading.Kind));
                }
            }
        }
        if (unknown.Count == 0)
        {
            return true;
        }
        var known = await _backend.FrontiersAsync(unknown, CancellationToken.None).ConfigureAwait(false);
        if (known is null)
        {
            return false;
        }
        foreach (var series in unknown)
        {
            _frontiers[series] = known.GetValueOrDefault(series, Frontier.Empty);
        }
        return true;
    }

    /// <summary>True when <paramref name="reading"/> lies after everything stored of its device and kind:
    /// no stored point can share its key or its time.</summary>
    private bool AfterFrontier(Reading reading) =>
        _frontiers.TryGetValue((reading.DeviceId, reading.Kind), out var frontier)
        && _backend.IsAfter(_backend.PreferredTime(reading), frontier.LatestTime)
        && (reading.DeviceRecordNumber is not { } record || frontier.MaxRecord is not { } max || record > max);

    /// <summary>What to look up for the readings of the group that are not after their frontier; null when none.</summary>
    private Lookup? LookupFor(List<Request> group, bool frontiers)
    {
        var devices = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        long minTime = long.MaxValue, maxTime = long.MinValue;
        long minRecord = long.MaxValue, maxRecord = long.MinValue;
        long recordMin = long.MaxValue, recordMax = long.MinValue;
        foreach (var request in group)
        {
            for (var i = 0; i < request.Readings.Count; i++)
            {
                var reading = request.Readings[i];
                if (frontiers && AfterFrontier(reading))
                {
                    continue;
                }
                devices.Add(reading.DeviceId);
                kinds.Add(reading.Kind);
                var time = _backend.PreferredTime(reading);
                minTime = Math.Min(minTime, time);
                maxTime = Math.Max(maxTime, time);
                if (reading.DeviceRecordNumber is { } record)
                {
                    minRecord = Math.Min(minRecord, record);
                    maxRecord = Math.Max(maxRecord, record);
                    recordMin = Math.Min(recordMin, time);
                    recordMax = Math.Max(recordMax, time);
                }
            }
        }
        if (devices.Count == 0)
        {
            return null;
        }
        var window = _backend.ToUnits(_settings.DuplicateWindow);
        return minRecord > maxRecord
            ? new Lookup(devices, kinds, minTime, maxTime, null, null, 0, 0)
            : new Lookup(devices, kinds, minTime, maxTime, minRecord, maxRecord, SaturatingAdd(recordMin, -window), SaturatingAdd(recordMax, window));
    }

    /// <summary>Decides for each reading of the group, in queue order: a duplicate of a stored reading or
    /// of one earlier in the group (a conflict when the measurement differs), or new at a free time.</summary>
    private List<(Request Request, int Index, long Time)> Plan(List<Request> group, IReadOnlyList<ExistingPoint> existing)
    {
        var byKey = new Dictionary<IdempotencyKey, ExistingPoint>(existing.Count);
        var taken = new HashSet<(string Device, string Kind, long Time)>(existing.Count);
        foreach (var point in existing)
        {
            byKey.TryAdd(point.Key, point);
            taken.Add((point.Key.DeviceId, point.Key.Kind, point.Time));
        }

        // Own recent writes the lookup may not show yet: their times are taken; a confirmed one is stored, a
        // tentative one (from a failed group) is rewritten at the same time if it comes again.
        Dictionary<IdempotencyKey, long>? tentative = null;
        if (_recent is { Count: > 0 })
        {
            var series = new HashSet<(string, string)>();
            foreach (var request in group)
            {
                foreach (var reading in request.Readings)
                {
                    series.Add((reading.DeviceId, reading.Kind));
                }
            }
            foreach (var one in series)
            {
                foreach (var (point, maybe) in _recent.Of(one, long.MinValue, long.MaxValue))
                {
                    taken.Add((point.Key.DeviceId, point.Key.Kind, point.Time));
                    if (!maybe)
                    {
                        byKey.TryAdd(point.Key, point);
                    }
                    else if (!byKey.ContainsKey(point.Key))
                    {
                        (tentative ??= [])[point.Key] = point.Time;
                    }
                }
            }
        }

        var plan = new List<(Request, int, long)>();
        foreach (var request in group)
        {
            int inserted = 0, duplicates = 0, conflicts = 0;
            List<StoreRejection>? rejected = null;
            for (var i = 0; i < request.Readings.Count; i++)
            {
                var reading = request.Readings[i];
                var key = request.Keys[i];
                if (byKey.TryGetValue(key, out var stored))
                {
                    duplicates++;
                    if (stored.ConflictsWith(reading))
                    {
                        conflicts++;
                        request.FirstConflict ??= key.ToString();
                    }
                    continue;
                }
                if (tentative is not null && tentative.Remove(key, out var again))
                {
                    byKey.Add(key, ExistingPoint.Of(reading, key, again));
                    plan.Add((request, i, again));
                    inserted++;
                    continue;
                }
                var time = _backend.PreferredTime(reading);
                var preferred = time;
                long? free = time;
                while (free is { } candidate && !taken.Add((reading.DeviceId, reading.Kind, candidate)))
                {
                    free = _backend.NextTime(preferred, candidate);
                }
                if (free is null)
                {
                    (rejected ??= []).Add(new StoreRejection(i,
                        $"{reading.Kind} of device {reading.DeviceId}: no free timestamp left near {preferred} (one sample per series and time unit)"));
                    continue;
                }
                time = free.Value;
                byKey.Add(key, ExistingPoint.Of(reading, key, time));
                plan.Add((request, i, time));
                inserted++;
            }
            request.Result = new StoreWriteResult(inserted, duplicates, conflicts, rejected);
        }
        return plan;
    }

    /// <summary>Keeps the points of a sent plan in <see cref="_recent"/>: confirmed, or tentative after a failure.</summary>
    private void Remember(List<(Request Request, int Index, long Time)> plan, bool tentative)
    {
        if (_recent is null)
        {
            return;
        }
        var now = _clock.GetTimestamp();
        foreach (var (request, index, time) in plan)
        {
            _recent.Add(ExistingPoint.Of(request.Readings[index], request.Keys[index], time), tentative, now);
        }
    }

    /// <summary>Most write requests of one group in flight at once: while the server parses and fsyncs one
    /// request the next is encoded and sent (one at a time left both sides idle half the time: store-bench).</summary>
    private const int MaxRequestsInFlight = 3;

    private async Task SendAsync(List<(Request Request, int Index, long Time)> plan)
    {
        var storedAt = _clock.GetUtcNow();
        var inFlight = new List<Task>();
        try
        {
            for (var start = 0; start < plan.Count; start += _settings.MaxLinesPerRequest)
            {
                var chunk = plan.GetRange(start, Math.Min(_settings.MaxLinesPerRequest, plan.Count - start));
                var lines = new LineProtocolWriter();
                var first = NextSequence(chunk.Count);
                for (var i = 0; i < chunk.Count; i++)
                {
                    var (request, index, time) = chunk[i];
                    _backend.Append(lines, request.Readings[index], time, request.GatewayId, storedAt, first + i);
                }
                if (inFlight.Count >= MaxRequestsInFlight)
                {
                    var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(done);
                    await done.ConfigureAwait(false); // a failure ends the group here
                }
                inFlight.Add(_sender.SendAsync(lines, line => IndexOf(chunk, line, storedAt, first), CancellationToken.None));
            }
        }
        finally
        {
            // Never leave a request running past the group: its outcome decides what the group reports.
            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch when (inFlight.Count > 0)
            {
                // Rethrown below when no earlier failure is already on its way out.
            }
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    /// <summary>The index in its caller's batch of the reading whose line the server quoted (only on errors).</summary>
    private int? IndexOf(List<(Request Request, int Index, long Time)> chunk, string line, DateTimeOffset storedAt, long first)
    {
        var one = new LineProtocolWriter();
        for (var i = 0; i < chunk.Count; i++)
        {
            one.Clear();
            var (request, index, time) = chunk[i];
            _backend.Append(one, request.Readings[index], time, request.GatewayId, storedAt, first + i);
            if (one.ToString().AsSpan().TrimEnd('\n').SequenceEqual(line))
            {
                return index;
            }
        }
        return null;
    }

    /// <summary>Reserves <paramref name="count"/> storage-order numbers: microseconds of the real clock, or one
    /// more than the last when the clock has not moved (or went back). Ties in effective time are
    /// ordered by it; microseconds stay exact in a double, which VictoriaMetrics stores.</summary>
    private long NextSequence(int count)
    {
        var now = (TimeProvider.System.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var first = Math.Max(_sequence + 1, now);
        _sequence = first + count - 1;
        return first;
    }

    private static long SaturatingAdd(long a, long b)
    {
        var sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    private sealed class Request(IReadOnlyList<Reading> readings, IdempotencyKey[] keys, string gatewayId, CancellationToken cancellation)
    {
        public IReadOnlyList<Reading> Readings { get; } = readings;

        public IdempotencyKey[] Keys { get; } = keys;

        public string GatewayId { get; } = gatewayId;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<StoreWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StoreWriteResult Result { get; set; }

        public string? FirstConflict { get; set; }
    }
}
