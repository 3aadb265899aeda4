using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Grpc;

namespace TelemetryGateway.Gateway.Tests;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Nominal_delay_doubles_from_the_initial_delay_and_stops_at_the_maximum()
    {
        var policy = new RetryPolicy(Initial, Max, new ManualTimeProvider(), new FixedRandom(1.0));

        double[] expected = [0.5, 1, 2, 4, 8, 16, 30, 30, 30];
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(n => policy.NominalDelay(n).TotalSeconds));
        Assert.Equal(Max, policy.NominalDelay(1000)); // no overflow for a very long outage
    }

    [Fact]
    public void Jitter_keeps_each_delay_between_half_and_all_of_the_nominal_delay()
    {
        var low = new RetryPolicy(Initial, Max, new ManualTimeProvider(), new FixedRandom(0.0));
        var high = new RetryPolicy(Initial, Max, new ManualTimeProvider(), new FixedRandom(0.999999));
        for (var n = 0; n < 10; n++)
        {
            var nominal = low.NominalDelay(n);
            Assert.Equal(nominal / 2, low.NextDelay());
            Assert.InRange(high.NextDelay(), nominal * 0.999, nominal);
        }

        var seeded = new RetryPolicy(Initial, Max, new ManualTimeProvider(), new Random(42));
        var delays = Enumerable.Range(0, 200).Select(_ => seeded.NextDelay()).ToArray();
        Assert.All(delays, d => Assert.InRange(d, Initial / 2, Max));
        Assert.True(delays.Skip(10).Distinct().Count() > 100, "capped delays still vary");
        Assert.All(delays.Skip(10), d => Assert.InRange(d, Max / 2, Max));
    }

    [Fact]
    public void Reset_after_a_success_starts_over_at_the_initial_delay()
    {
        var policy = new RetryPolicy(Initial, Max, new ManualTimeProvider(), new FixedRandom(1.0));
        for (var n = 0; n < 8; n++)
        {
            policy.NextDelay();
        }

        Assert.Equal(8, policy.Attempt);
        policy.Reset();
        Assert.Equal(0, policy.Attempt);
        Assert.Equal(Initial, policy.NextDelay());
        Assert.Equal(Initial * 2, policy.NextDelay());
    }

    [Fact]
    public void A_refused_login_waits_the_jittered_maximum()
    {
        var policy = new RetryPolicy(Initial, Max, new ManualTimeProvider(), new FixedRandom(0.0));
        Assert.Equal(Max / 2, policy.MaxDelay());
        Assert.Equal(FailureKind.Unauthenticated, FailureClassifier.Classify(new RpcException(StatusCode.Unauthenticated, "revoked")));
        Assert.Equal(FailureKind.Transient, FailureClassifier.Classify(new RpcException(StatusCode.Unavailable, "down")));
        Assert.Equal(FailureKind.Transient, FailureClassifier.Classify(new IOException("reset")));
    }

    [Fact]
    public async Task Delay_runs_on_the_injected_clock()
    {
        var clock = new ManualTimeProvider();
        var policy = new RetryPolicy(Initial, Max, clock, new FixedRandom(1.0));
        var delay = policy.NextDelay();

        var waiting = policy.DelayAsync(delay, CancellationToken.None);
        clock.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        using var cancel = new CancellationTokenSource();
        var cancelled = policy.DelayAsync(Max, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    /// <summary>A "random" source that always returns the same fraction.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
