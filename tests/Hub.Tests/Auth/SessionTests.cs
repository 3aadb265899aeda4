using System.Net;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Tests.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Auth.AuthHub;

namespace TelemetryGateway.Hub.Tests.Auth;

/// <summary>Sessions on a real hub: the cookie, idle and absolute expiry on a manual clock, sign-out, sign-in
/// throttling, CSRF, and what stays open without credentials.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly ManualClock _clock = NewClock();
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await StartAsync(_clock, settings =>
    {
        settings["Hub:Auth:IdleTimeout"] = "00:30:00";
        settings["Hub:Auth:AbsoluteTimeout"] = "01:00:00";
        settings["Hub:Auth:MaxFailures"] = "5";
        settings["Hub:Auth:LockoutDuration"] = "00:15:00";
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Without_credentials_the_api_answers_401_and_probes_stay_open()
    {
        using var anonymous = _hub.Client(null);
        // Spellings that routing may take to an API endpoint never answer with data.
        foreach (var odd in new[] { "//api/readings", "/api//readings", "/api%2Freadings", "/%61pi/readings", "/API/x/../readings" })
        {
            using var response = await anonymous.GetAsync(new Uri(_hub.Host.HttpAddress.GetLeftPart(UriPartial.Authority) + odd));
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"{odd}: {response.StatusCode}");
        }
        foreach (var path in new[] { "/api/readings", "/API/readings", "/Api/Alerts", "/api/alerts", "/api/alerts/1", "/api/alerts/events", "/api/alerts/rules", "/api/gateways", "/api/auth/me", "/api/admin/users", "/api/audit/auth", "/api/not-yet-written" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
        await ExpectAsync(anonymous.PostAsync("/api/alerts/1/acknowledge", null), HttpStatusCode.Unauthorized);
        using (var healthz = await anonymous.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }
        using (var metrics = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }
        using var wrongToken = _hub.Client("not-a-configured-token-at-all-0123456789");
        await ExpectAsync(wrongToken.GetAsync("/api/readings"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sign_in_sets_an_http_only_strict_cookie_and_sign_out_ends_the_session()
    {
        using var browser = new Browser(_hub.Host.HttpAddress);
        using (var signedIn = await browser.SignInAsync("clinic-a", Password))
        {
            using var me = await JsonAsync(signedIn);
            Assert.Equal("clinic-staff", me.RootElement.GetProperty("role").GetString());
            var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("tg_session=", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        }
        await ExpectAsync(browser.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        var stolen = browser.Cookies.GetCookies(_hub.Host.HttpAddress)["tg_session"]!.Value;
        // Sign-out is a state change: without the header it is refused and the session lives on.
        await ExpectAsync(browser.PostAsync("/api/auth/signout", null, csrfHeader: false), HttpStatusCode.Forbidden);
        await ExpectAsync(browser.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        using (var signedOut = await browser.PostAsync("/api/auth/signout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        }
        await ExpectAsync(browser.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        // The old cookie value is dead on the server, not only forgotten by the browser.
        using var replay = new Browser(_hub.Host.HttpAddress);
        replay.Cookies.Add(_hub.Host.HttpAddress, new Cookie("tg_session", stolen));
        await ExpectAsync(replay.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_ends_the_sessions_open_event_stream_and_is_counted()
    {
        using var browser = await SignInAsync(_hub, "clinic-a");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await browser.Http.GetAsync("/api/alerts/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("retry: 2000", await reader.ReadLineAsync(timeout.Token));
        await ExpectAsync(browser.PostAsync("/api/auth/signout", null), HttpStatusCode.NoContent);
        // The stream ends (the hub completes or aborts it); it does not stay open until the 60 s guard.
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is not null)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // An aborted response reads as a broken stream: ended all the same.
        }
        Assert.False(timeout.IsCancellationRequested, "the event stream outlived the session");

        var metrics = await _hub.Http.GetStringAsync("/metrics");
        Assert.Contains("hub_auth_signins_total{outcome=\"signed_in\"} 1\n", metrics);
        Assert.Contains("hub_auth_sessions 0\n", metrics);
    }

    [Fact]
    public async Task A_session_expires_when_idle_and_at_its_absolute_limit_on_the_hub_clock()
    {
        using var idle = await SignInAsync(_hub, "clinic-a");
        _clock.Advance(TimeSpan.FromMinutes(29));
        await ExpectAsync(idle.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await ExpectAsync(idle.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);

        // Used every 20 minutes it never idles out, but ends one hour after sign-in all the same.
        using var busy = await SignInAsync(_hub, "clinic-b");
        for (var minutes = 20; minutes < 60; minutes += 20)
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            await ExpectAsync(busy.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        }
        _clock.Advance(TimeSpan.FromMinutes(20));
        await ExpectAsync(busy.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        // Signing in again starts a new session.
        using var again = await SignInAsync(_hub, "clinic-b");
        await ExpectAsync(again.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Repeated_failures_are_throttled_with_429_even_for_the_right_password_until_the_lockout_passes()
    {
        using var browser = new Browser(_hub.Host.HttpAddress);
        for (var i = 0; i < 5; i++)
        {
            await ExpectAsync(browser.SignInAsync("doctor1", "wrong password " + i), HttpStatusCode.Unauthorized);
        }
        using (var throttled = await browser.SignInAsync("doctor1", Password))
        {
            using var _ = await JsonAsync(throttled, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromMinutes(15), throttled.Headers.RetryAfter!.Delta);
        }
        // Another user is not locked out by doctor1's failures.
        await ExpectAsync(browser.SignInAsync("clinic-a", Password), HttpStatusCode.OK);
        // An unknown user gets the same answer as a wrong password.
        using (var unknown = await JsonAsync(await browser.SignInAsync("nobody", Password), HttpStatusCode.Unauthorized))
        {
            Assert.Equal("Wrong user name or password.", unknown.RootElement.GetProperty("error").GetString());
        }
        _clock.Advance(TimeSpan.FromMinutes(15));
        await ExpectAsync(browser.SignInAsync("doctor1", Password), HttpStatusCode.OK);

        using var admin = _hub.Client(TestHub.AdminToken);
        using var audit = await JsonAsync(await admin.GetAsync("/api/audit/auth?user=doctor1"));
        Assert.Equal(
            ["signin-failed", "signin-failed", "signin-failed", "signin-failed", "signin-failed", "signin-throttled", "signin"],
            audit.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_cookie_authenticated_state_change_needs_the_csrf_header()
    {
        await _hub.Host.Alerts.ApplyAsync(AlertFixture.Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: "p-a1"), TestHub.Gateway1, default);
        var id = Assert.Single(await _hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default)).Id;
        using var browser = await SignInAsync(_hub, "clinic-a");
        using (var refused = await JsonAsync(await browser.PostAsync($"/api/alerts/{id}/acknowledge", new { note = "forged" }, csrfHeader: false), HttpStatusCode.Forbidden))
        {
            Assert.Contains("X-TG-Request", refused.RootElement.GetProperty("error").GetString());
        }
        Assert.Equal(AlertState.Raised, (await _hub.Host.Alerts.GetAsync(id, default))!.State);

        using var acknowledged = await JsonAsync(await browser.PostAsync($"/api/alerts/{id}/acknowledge", new { by = "forged name", note = "on it" }));
        var ack = acknowledged.RootElement.GetProperty("acknowledged");
        Assert.Equal("clinic-a", ack.GetProperty("by").GetString());
        Assert.Equal("on it", ack.GetProperty("note").GetString());
        // Reads need no header.
        await ExpectAsync(browser.Http.GetAsync($"/api/alerts/{id}"), HttpStatusCode.OK);
    }
}
