using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>
/// The built-in generator (<see cref="GeneratorSpec"/>): device record numbers 1..N at the given rate,
/// accepted through the sink in bursts, the cursor saved after each accept so a restart continues where
/// the last run stopped.
/// </summary>
internal sealed class GeneratorSource(GeneratorSpec spec, string name, SourceCursor cursor, TimeProvider time, ILogger logger)
    : IGatewaySource
{
    /// <summary>Largest burst handed to the sink at once.</summary>
    public const int MaxBurst = 1000;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public string Name => name;

    public GeneratorSpec Spec => spec;

    public async Task RunAsync(IReadingSink sink, CancellationToken ct)
    {
        var last = await cursor.LoadAsync(ct).ConfigureAwait(false);
        SourceLog.GeneratorStarting(logger, name, last, spec.Count);
        var retry = new RetryPolicy(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), time);
        var started = time.GetTimestamp();
        var lastProgress = started;
        var emitted = 0L;
        while (last < spec.Count)
        {
            var burst = await NextBurstSizeAsync(started, emitted, spec.Count - last, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var readings = new Reading[burst];
            for (var i = 0; i < burst; i++)
            {
                readings[i] = SyntheticReadings.Create(spec, last + 1 + i, now);
            }

            try
            {
                await sink.AcceptAsync(readings, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BufferFullException or BufferWriteException)
            {
                var delay = retry.NextDelay();
                SourceLog.AcceptFailed(logger, name, ex.Message, delay.TotalMilliseconds);
                await retry.DelayAsync(delay, ct).ConfigureAwait(false);
                continue;
            }

            retry.Reset();
            last += burst;
            emitted += burst;
            await cursor.SaveAsync(last, ct).ConfigureAwait(false);
            if (time.GetElapsedTime(lastProgress) >= ProgressInterval)
            {
                lastProgress = time.GetTimestamp();
                SourceLog.GeneratorProgress(logger, name, last, spec.Count, emitted / time.GetElapsedTime(started).TotalSeconds);
            }
        }

        SourceLog.GeneratorFinished(logger, name, spec.Count, emitted);
    }

    /// <summary>
    /// How many records to produce now: at rate 0, a full burst; otherwise the records due by now (the first at
    /// once), waiting until at least one is due, never more than a burst.
    /// </summary>
    private async Task<int> NextBurstSizeAsync(long started, long emitted, long remaining, CancellationToken ct)
    {
        var cap = (int)Math.Min(MaxBurst, remaining);
        if (spec.Rate <= 0)
        {
            return cap;
        }

        while (true)
        {
            var elapsed = time.GetElapsedTime(started).TotalSeconds;
            var due = (long)Math.Floor(elapsed * spec.Rate) + 1 - emitted;
            if (due > 0)
            {
                return (int)Math.Min(due, cap);
            }

            var wait = TimeSpan.FromSeconds((emitted / spec.Rate) - elapsed);
            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), time, ct).ConfigureAwait(false);
        }
    }
}
