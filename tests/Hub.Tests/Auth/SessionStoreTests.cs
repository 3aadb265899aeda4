using TelemetryGateway.Hub.Auth;
using TelemetryGateway.Hub.Tests.Alerts;

namespace TelemetryGateway.Hub.Tests.Auth;

/// <summary>The session table on its own, on a manual clock.</summary>
public sealed class SessionStoreTests
{
    [Fact]
    public void One_user_keeps_at_most_twenty_sessions_and_the_oldest_goes_first()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var sessions = new SessionStore(clock, TimeSpan.FromMinutes(30), TimeSpan.FromHours(12));
        var cookies = new List<string>();
        for (var i = 0; i < SessionStore.MaxSessionsPerUser + 1; i++)
        {
            cookies.Add(sessions.Create("script"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var other = sessions.Create("someone else");

        Assert.Null(sessions.Touch(cookies[0]));
        Assert.All(cookies.Skip(1), c => Assert.NotNull(sessions.Touch(c)));
        Assert.NotNull(sessions.Touch(other));
        Assert.Equal(SessionStore.MaxSessionsPerUser + 1, sessions.Count);
    }

    [Fact]
    public void Ending_a_session_cancels_its_token_and_an_unknown_cookie_is_no_session()
    {
        var sessions = new SessionStore(new ManualClock(DateTimeOffset.UtcNow), TimeSpan.FromMinutes(30), TimeSpan.FromHours(12));
        var cookie = sessions.Create("clinic-a");
        var session = sessions.Touch(cookie)!;
        Assert.False(session.Ended.IsCancellationRequested);
        Assert.True(sessions.Remove(cookie));
        Assert.True(session.Ended.IsCancellationRequested);
        Assert.Null(sessions.Touch(cookie));
        Assert.Null(sessions.Touch(TokenHasher.NewToken()));
        Assert.False(sessions.Remove(cookie));
    }
}
