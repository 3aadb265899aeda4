using TelemetryGateway.Storage.Backends;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>Exponential backoff with jitter, bounded by attempts and by total time, honouring a server's
/// Retry-After. Time comes from the injected <see cref="TimeProvider"/>.</summary>
internal sealed class RetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan maxElapsed, TimeProvider time)
{
    private readonly Random _jitter = new();

    public int MaxAttempts { get; } = Math.Max(1, maxAttempts);

    public TimeProvider Time { get; } = time;

    /// <summary>Where every attempt of every request made under this policy is counted (none when null).</summary>
    public BackendMetrics? Metrics { get; init; }

    /// <summary>Counts a request the server answered with success.</summary>
    public void Succeeded() => Metrics?.RequestSucceeded();

    /// <summary>Counts a failed attempt; <paramref name="retrying"/> when it will be tried again.</summary>
    public void Failed(string message, bool retrying) => Metrics?.RequestFailed(message, Time.GetUtcNow(), retrying);

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1, or null to give up: attempts or the
    /// time budget (counted from <paramref name="startedAt"/>) are spent, or the server asks for a longer
    /// wait than the budget leaves.</summary>
    public TimeSpan? NextDelay(int attempt, long startedAt, TimeSpan? retryAfter)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }
        var exponential = baseDelay * Math.Pow(2, attempt - 1);
        var delay = exponential > maxDelay ? maxDelay : exponential;
        lock (_jitter)
        {
            delay *= 0.5 + (_jitter.NextDouble() / 2); // "equal jitter": between half and all of it
        }
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked; // the server knows when it will be ready; asking sooner only adds load
        }
        var remaining = maxElapsed - Time.GetElapsedTime(startedAt);
        return delay <= remaining ? delay : null;
    }
}
