using System.Collections.Concurrent;

namespace TelemetryGateway.Hub.Auth;

/// <summary>A signed-in browser: the user it belongs to and its times on the hub clock.</summary>
internal sealed class Session(string user, DateTimeOffset created, CancellationTokenSource ended)
{
    public string User { get; } = user;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset LastSeen { get; set; } = created;

    /// <summary>Cancelled when the session ends (sign-out, expiry found on use, absolute limit reached):
    /// requests of the session that are still running, such as event streams, end with it.</summary>
    public CancellationToken Ended => ended.Token;

    public void End() => ended.Cancel();
}

/// <summary>
/// Sessions in memory, keyed by the SHA-256 of the cookie value (a memory dump holds no usable cookie).
/// A session ends after <see cref="IdleTimeout"/> without use or <see cref="AbsoluteTimeout"/> after sign-in,
/// judged on the injected clock; a hub restart signs everyone out.
/// </summary>
internal sealed class SessionStore(TimeProvider time, TimeSpan idleTimeout, TimeSpan absoluteTimeout)
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public TimeSpan IdleTimeout { get; } = idleTimeout;

    public TimeSpan AbsoluteTimeout { get; } = absoluteTimeout;

    public int Count => _sessions.Count;

    /// <summary>Most open sessions of one user; signing in once more ends the oldest. Keeps a script that signs
    /// in on every run from growing the table without bound.</summary>
    public const int MaxSessionsPerUser = 20;

    /// <summary>Starts a session for <paramref name="user"/> and returns the cookie value.</summary>
    public string Create(string user)
    {
        Sweep();
        var own = _sessions.Where(s => s.Value.User == user).OrderBy(s => s.Value.Created).ToList();
        for (var i = 0; i <= own.Count - MaxSessionsPerUser; i++)
        {
            Drop(own[i].Key);
        }
        var value = TokenHasher.NewToken();
        // The absolute limit ends open streams on time even if nothing touches the session again.
        _sessions[Key(value)] = new Session(user, time.GetUtcNow(), new CancellationTokenSource(AbsoluteTimeout, time));
        return value;
    }

    /// <summary>The live session of <paramref name="cookie"/>, its last use moved to now; null when unknown or expired
    /// (an expired one is removed).</summary>
    public Session? Touch(string cookie)
    {
        var key = Key(cookie);
        if (!_sessions.TryGetValue(key, out var session))
        {
            return null;
        }
        var now = time.GetUtcNow();
        lock (session)
        {
            if (Expired(session, now))
            {
                Drop(key);
                return null;
            }
            session.LastSeen = now;
        }
        return session;
    }

    /// <summary>Ends the session of <paramref name="cookie"/>; false when there was none.</summary>
    public bool Remove(string cookie) => Drop(Key(cookie));

    /// <summary>Ends every session of <paramref name="user"/> (user disabled or password changed), except the
    /// one of <paramref name="keep"/>.</summary>
    public void RemoveUser(string user, string? keep = null)
    {
        var kept = keep is null ? null : Key(keep);
        foreach (var (key, session) in _sessions)
        {
            if (session.User == user && key != kept)
            {
                Drop(key);
            }
        }
    }

    private bool Expired(Session session, DateTimeOffset now) =>
        now - session.LastSeen >= IdleTimeout || now - session.Created >= AbsoluteTimeout;

    /// <summary>Drops expired sessions so that abandoned browsers do not accumulate.</summary>
    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, session) in _sessions)
        {
            if (Expired(session, now))
            {
                Drop(key);
            }
        }
    }

    private bool Drop(string key)
    {
        if (!_sessions.TryRemove(key, out var session))
        {
            return false;
        }
        session.End();
        return true;
    }

    private static string Key(string cookie) => Convert.ToHexString(TokenHasher.Digest(cookie));
}
