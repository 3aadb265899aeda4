namespace TelemetryGateway.Gateway.Uplink;

/// <summary>
/// Jittered exponential backoff between connection attempts: attempt n waits a random delay in
/// [b/2, b] where b = min(initial · 2ⁿ, max) ("equal jitter": never less than half the nominal delay, so a
/// fleet of gateways returning after a hub outage spreads out without any of them hammering it).
/// <see cref="Reset"/> after a successful connection starts over at the initial delay.
/// </summary>
/// <remarks>Time and randomness are injected so that tests run on a fake clock with a seeded generator.</remarks>
public sealed class RetryPolicy
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private int _attempt;

    public RetryPolicy(TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider? time = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay);
        _initial = initialDelay;
        _max = maxDelay;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    /// <summary>Failed attempts since the last <see cref="Reset"/>.</summary>
    public int Attempt => _attempt;

    /// <summary>The nominal (unjittered) delay before attempt <paramref name="attempt"/>.</summary>
    public TimeSpan NominalDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 62));
        var ticks = _initial.Ticks * factor;
        return ticks >= _max.Ticks ? _max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay after one more failure: jittered, growing, capped.</summary>
    public TimeSpan NextDelay() => Jitter(NominalDelay(_attempt++));

    /// <summary>
    /// The delay after a refusal that retrying soon cannot fix (e.g. UNAUTHENTICATED): the maximum, jittered.
    /// </summary>
    public TimeSpan MaxDelay()
    {
        _attempt++;
        return Jitter(_max);
    }

    /// <summary>Starts over at the initial delay (after a successful connection).</summary>
    public void Reset() => _attempt = 0;

    /// <summary>Waits <paramref name="delay"/> on the injected clock.</summary>
    public Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _time, ct);

    private TimeSpan Jitter(TimeSpan nominal)
    {
        var half = nominal.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(_random.NextDouble() * (nominal.Ticks - half)));
    }
}
