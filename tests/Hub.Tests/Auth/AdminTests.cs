using System.Net;
using System.Net.Http.Json;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Tests.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Auth.AuthHub;

namespace TelemetryGateway.Hub.Tests.Auth;

/// <summary>The bootstrap token, users created over the API and kept in the auth database, and the audit of
/// sign-ins and alert actions.</summary>
public sealed class AdminTests : IAsyncLifetime
{
    private readonly ManualClock _clock = NewClock();
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await StartAsync(_clock);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task The_bootstrap_token_creates_a_user_who_signs_in_with_its_scope_and_survives_a_restart()
    {
        using var bootstrap = _hub.Client(TestHub.AdminToken);
        var user = new { user = "nurse-ma", password = "a long enough password", role = "clinic-staff", scope = "clinic-b", displayName = "Nurse Ma" };
        using (var created = await JsonAsync(await bootstrap.PostAsJsonAsync("/api/admin/users", user), HttpStatusCode.Created))
        {
            Assert.Equal("clinic-b", created.RootElement.GetProperty("scope").GetString());
            Assert.False(created.RootElement.TryGetProperty("passwordHash", out _));
        }
        await ExpectAsync(bootstrap.PostAsJsonAsync("/api/admin/users", user), HttpStatusCode.Conflict);
        await ExpectAsync(bootstrap.PostAsJsonAsync("/api/admin/users", user with { user = "x", password = "short" }), HttpStatusCode.BadRequest);
        await ExpectAsync(bootstrap.PostAsJsonAsync("/api/admin/users", user with { user = "y", role = "janitor" }), HttpStatusCode.BadRequest);
        await ExpectAsync(bootstrap.PostAsJsonAsync("/api/admin/users", user with { user = "z", scope = "" }), HttpStatusCode.BadRequest);

        await _hub.StopAsync();
        await _hub.RestartAsync();
        await SeedReadingsAsync(_hub);
        using var browser = await SignInAsync(_hub, "nurse-ma", "a long enough password");
        Assert.Equal(["p-b1"], await ReadingSubjectsAsync(browser.Http));
        using var me = await JsonAsync(await browser.Http.GetAsync("/api/auth/me"));
        Assert.Equal("Nurse Ma", me.RootElement.GetProperty("displayName").GetString());
        // Not an administrator: user management and the sign-in audit are refused.
        await ExpectAsync(browser.PostAsync("/api/admin/users", user with { user = "w" }), HttpStatusCode.Forbidden);
        await ExpectAsync(browser.Http.GetAsync("/api/admin/users"), HttpStatusCode.Forbidden);
        await ExpectAsync(browser.Http.GetAsync("/api/audit/auth"), HttpStatusCode.Forbidden);

        using var users = await JsonAsync(await _hub.Http.GetAsync("/api/admin/users"));
        var listed = users.RootElement.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("user").GetString()!, u => u.GetProperty("source").GetString());
        Assert.Equal("database", listed["nurse-ma"]);
        Assert.Equal("configuration", listed["admin"]);
    }

    [Fact]
    public async Task A_user_changes_their_password_and_an_administrator_disables_and_enables_a_user()
    {
        await ExpectAsync(_hub.Http.PostAsJsonAsync("/api/admin/users",
            new { user = "nurse-ma", password = "first password 1", role = "clinic-staff", scope = "clinic-b" }), HttpStatusCode.Created);
        using var here = await SignInAsync(_hub, "nurse-ma", "first password 1");
        using var elsewhere = await SignInAsync(_hub, "nurse-ma", "first password 1");

        await ExpectAsync(here.PostAsync("/api/auth/password", new { current = "not it at all", password = "second password 2" }), HttpStatusCode.Forbidden);
        await ExpectAsync(here.PostAsync("/api/auth/password", new { current = "first password 1", password = "short" }), HttpStatusCode.BadRequest);
        using (var changed = await here.PostAsync("/api/auth/password", new { current = "first password 1", password = "second password 2" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }
        // The session that changed it stays; the other one ends; only the new password signs in.
        await ExpectAsync(here.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        await ExpectAsync(elsewhere.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        await ExpectAsync(new Browser(_hub.Host.HttpAddress).SignInAsync("nurse-ma", "first password 1"), HttpStatusCode.Unauthorized);
        // A configured user's password lives in configuration.
        using var configured = await SignInAsync(_hub, "clinic-b");
        await ExpectAsync(configured.PostAsync("/api/auth/password", new { current = Password, password = "second password 2" }), HttpStatusCode.BadRequest);

        await ExpectAsync(_hub.Http.PostAsync("/api/admin/users/nurse-ma/disable", null), HttpStatusCode.OK);
        await ExpectAsync(here.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        await ExpectAsync(new Browser(_hub.Host.HttpAddress).SignInAsync("nurse-ma", "second password 2"), HttpStatusCode.Unauthorized);
        await ExpectAsync(_hub.Http.PostAsync("/api/admin/users/nurse-ma/enable", null), HttpStatusCode.OK);
        using (await SignInAsync(_hub, "nurse-ma", "second password 2"))
        {
        }
        await ExpectAsync(_hub.Http.PostAsync("/api/admin/users/clinic-b/disable", null), HttpStatusCode.BadRequest);
        await ExpectAsync(_hub.Http.PostAsync("/api/admin/users/nobody/disable", null), HttpStatusCode.NotFound);
        await ExpectAsync(configured.PostAsync("/api/admin/users/nurse-ma/disable", null), HttpStatusCode.Forbidden);

        using var audit = await JsonAsync(await _hub.Http.GetAsync("/api/audit/auth?user=nurse-ma"));
        var actions = audit.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(
            ["user-created", "signin", "signin", "password-change-refused", "password-changed", "signin-failed", "user-disabled", "signin-failed", "user-enabled", "signin"],
            actions);
    }

    [Fact]
    public async Task Every_sign_in_and_alert_action_is_audited_with_the_user()
    {
        await _hub.Host.Alerts.ApplyAsync(AlertFixture.Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: "p-a1"), TestHub.Gateway1, default);
        var id = Assert.Single(await _hub.Host.Alerts.ListAsync(AlertFilter.All, 10, default)).Id;

        await ExpectAsync(new Browser(_hub.Host.HttpAddress).SignInAsync("doctor1", "not the password"), HttpStatusCode.Unauthorized);
        using var doctor = await SignInAsync(_hub, "doctor1");
        await ExpectAsync(doctor.PostAsync($"/api/alerts/{id}/acknowledge", new { note = "visiting today" }), HttpStatusCode.OK);
        using var clinic = await SignInAsync(_hub, "clinic-a");
        await ExpectAsync(clinic.PostAsync($"/api/alerts/{id}/resolve", new { note = "controlled" }), HttpStatusCode.OK);
        await ExpectAsync(clinic.PostAsync("/api/auth/signout", null), HttpStatusCode.NoContent);

        using var auth = await JsonAsync(await _hub.Http.GetAsync("/api/audit/auth"));
        var entries = auth.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), User: e.GetProperty("user").GetString(), Address: e.GetProperty("address").GetString()))
            .ToList();
        Assert.Equal([("signin-failed", "doctor1"), ("signin", "doctor1"), ("signin", "clinic-a"), ("signout", "clinic-a")], entries.Select(e => (e.Action, e.User)));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.Address));
        var next = auth.RootElement.GetProperty("next").GetInt64();
        using (var after = await JsonAsync(await _hub.Http.GetAsync($"/api/audit/auth?after={next}")))
        {
            Assert.Empty(after.RootElement.GetProperty("entries").EnumerateArray());
        }

        using var alerts = await JsonAsync(await _hub.Http.GetAsync($"/api/alerts/audit?alert={id}"));
        Assert.Equal([("raised", "gw-1"), ("acknowledged", "doctor1"), ("resolved", "clinic-a")],
            alerts.RootElement.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())));
    }
}
