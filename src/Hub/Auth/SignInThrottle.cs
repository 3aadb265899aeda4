namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// Refuses sign-in attempts (429) for a user name after <c>MaxFailures</c> failures within the window, and for
/// a client address after <c>MaxFailuresPerAddress</c>, until the lockout has passed. While locked even the
/// right password is refused, so a guesser learns nothing; a success clears the user name's failures.
/// </summary>
internal sealed class SignInThrottle(TimeProvider time, AuthOptions options)
{
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Null when an attempt may go ahead, else how long until it may.</summary>
    public TimeSpan? Check(string user, string address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var wait = Wait(UserKey(user), now);
            var addressWait = Wait(AddressKey(address), now);
            return wait is null ? addressWait : addressWait is null ? wait : (wait > addressWait ? wait : addressWait);
        }
    }

    public void Failed(string user, string address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Count(UserKey(user), options.MaxFailures, now);
            Count(AddressKey(address), options.MaxFailuresPerAddress, now);
            if (_counters.Count > 10_000)
            {
                // Bounded memory under a spray of random user names: forget entries that no longer matter.
                foreach (var (key, counter) in _counters.ToList())
                {
                    if (counter.LockedUntil is null && now - counter.WindowStart >= options.FailureWindow
                        || counter.LockedUntil <= now)
                    {
                        _counters.Remove(key);
                    }
                }
            }
        }
    }

    public void Succeeded(string user)
    {
        lock (_lock)
        {
            _counters.Remove(UserKey(user));
        }
    }

    private TimeSpan? Wait(string key, DateTimeOffset now) =>
        _counters.TryGetValue(key, out var counter) && counter.LockedUntil is { } until && until > now ? until - now : null;

    private void Count(string key, int limit, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var counter) || now - counter.WindowStart >= options.FailureWindow
            || counter.LockedUntil is { } until && until <= now)
        {
            counter = new Counter { WindowStart = now };
            _counters[key] = counter;
        }
        counter.Failures++;
        if (counter.Failures >= limit)
        {
            counter.LockedUntil = now + options.LockoutDuration;
        }
    }

    private static string UserKey(string user) => "u:" + user.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "a:" + address;

    private sealed class Counter
    {
        public DateTimeOffset WindowStart { get; init; }

        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
