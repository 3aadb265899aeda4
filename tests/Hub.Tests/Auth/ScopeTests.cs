using System.Net;
using System.Net.Http.Json;
using System.Text;
using TelemetryGateway.Contracts.Alerts;
using TelemetryGateway.Contracts.Alerts.V1;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Tests.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Auth.AuthHub;

namespace TelemetryGateway.Hub.Tests.Auth;

/// <summary>Each role sees only its scope, through the HTTP API of a real hub (signed-in sessions and a token),
/// and over the gRPC WatchAlerts stream.</summary>
public sealed class ScopeTests : IAsyncLifetime
{
    private readonly ManualClock _clock = NewClock();
    private TestHub _hub = null!;
    private Dictionary<string, long> _alerts = null!;

    public async Task InitializeAsync()
    {
        _hub = await StartAsync(_clock);
        await SeedReadingsAsync(_hub);
        _alerts = await SeedAlertsAsync(_hub);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Each_role_sees_only_its_patients_devices_alerts_and_gateways()
    {
        // user → (reading subjects, alert patients, gateways)
        var expected = new Dictionary<string, (string[] Readings, string[] Alerts, string[] Gateways)>
        {
            ["doctor1"] = (["p-a1"], ["p-a1"], ["gw-1"]),
            ["clinic-a"] = (["p-a1", "p-a2"], ["p-a1", "p-a2"], ["gw-1"]),
            ["clinic-b"] = (["p-b1"], ["p-b1"], ["gw-2"]),
            // The ambulance monitor's readings come through its device, with or without a patient.
            ["er"] = (["mon-amb-1", "p-amb"], ["p-amb"], []),
            ["admin"] = (["mon-amb-1", "p-a1", "p-a2", "p-amb", "p-b1"], ["p-a1", "p-a2", "p-amb", "p-b1"], ["gw-1", "gw-2", "gw-revoked"]),
        };
        foreach (var (user, want) in expected)
        {
            using var browser = await SignInAsync(_hub, user);
            Assert.Equal(want.Readings, await ReadingSubjectsAsync(browser.Http));
            Assert.Equal(want.Alerts, await AlertPatientsAsync(browser.Http));
            using var gateways = await JsonAsync(await browser.Http.GetAsync("/api/gateways"));
            Assert.Equal(want.Gateways, gateways.RootElement.GetProperty("gateways").EnumerateArray().Select(g => g.GetProperty("id").GetString()!));

            using var me = await JsonAsync(await browser.Http.GetAsync("/api/auth/me"));
            var role = Users.Single(u => u.User == user);
            Assert.Equal(user, me.RootElement.GetProperty("user").GetString());
            Assert.Equal(role.Role, me.RootElement.GetProperty("role").GetString());
            Assert.Equal(role.Scope, me.RootElement.GetProperty("scope").GetString());
            Assert.Equal("Display " + user, me.RootElement.GetProperty("displayName").GetString());
            Assert.Equal("session", me.RootElement.GetProperty("via").GetString());
        }
    }

    [Fact]
    public async Task A_clinic_user_is_refused_another_clinics_patient_everywhere_in_the_api()
    {
        using var browser = await SignInAsync(_hub, "clinic-a");
        var other = _alerts["p-b1"];
        await ExpectAsync(browser.Http.GetAsync("/api/readings?patient=p-b1"), HttpStatusCode.Forbidden);
        await ExpectAsync(browser.Http.GetAsync("/api/alerts?patient=p-b1"), HttpStatusCode.Forbidden);
        await ExpectAsync(browser.Http.GetAsync($"/api/alerts/{other}"), HttpStatusCode.NotFound);
        await ExpectAsync(browser.PostAsync($"/api/alerts/{other}/acknowledge", new { note = "not mine" }), HttpStatusCode.NotFound);
        await ExpectAsync(browser.PostAsync($"/api/alerts/{other}/resolve", new { note = "not mine" }), HttpStatusCode.NotFound);
        await ExpectAsync(browser.Http.GetAsync("/api/alerts/rules/patients/p-b1"), HttpStatusCode.Forbidden);
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/alerts/rules/patients/p-b1")
        {
            Content = new StringContent("{\"thresholds\":[]}", Encoding.UTF8, "application/json"),
        })
        {
            put.Headers.Add("X-TG-Request", "1");
            await ExpectAsync(browser.Http.SendAsync(put), HttpStatusCode.Forbidden);
        }
        using (var global = new HttpRequestMessage(HttpMethod.Put, "/api/alerts/rules")
        {
            Content = new StringContent("{\"thresholds\":[]}", Encoding.UTF8, "application/json"),
        })
        {
            global.Headers.Add("X-TG-Request", "1");
            await ExpectAsync(browser.Http.SendAsync(global), HttpStatusCode.Forbidden);
        }
        // The audit log of another clinic's alert is filtered out, not leaked.
        using var audit = await JsonAsync(await browser.Http.GetAsync($"/api/alerts/audit?alert={other}"));
        Assert.Empty(audit.RootElement.GetProperty("entries").EnumerateArray());
        // Nothing changed: the other clinic's alert is still raised.
        Assert.Equal(AlertState.Raised, (await _hub.Host.Alerts.GetAsync(other, default))!.State);
        // Its own patient works the same way.
        await ExpectAsync(browser.Http.GetAsync("/api/readings?patient=p-a2"), HttpStatusCode.OK);
        await ExpectAsync(browser.Http.GetAsync("/api/alerts/rules/patients/p-a2"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_rules_in_force_show_a_scoped_caller_only_its_own_patients_overrides()
    {
        var body = new { thresholds = new[] { new { kind = "bp.systolic", low = (double?)null, high = (double?)130, severity = "warning" } } };
        await ExpectAsync(_hub.Http.PutAsJsonAsync("/api/alerts/rules/patients/p-b1", body), HttpStatusCode.OK);
        using var clinicB = _hub.Client(ClinicBToken);
        using var browser = await SignInAsync(_hub, "clinic-a");
        foreach (var (client, expected) in new[] { (browser.Http, Array.Empty<string>()), (clinicB, ["p-b1"]), (_hub.Http, ["p-b1"]) })
        {
            using var rules = await JsonAsync(await client.GetAsync("/api/alerts/rules"));
            var thresholds = rules.RootElement.GetProperty("thresholds").EnumerateArray().ToList();
            Assert.Contains(thresholds, t => t.GetProperty("patientId").GetString() is null or "");
            Assert.Equal(expected, thresholds.Select(t => t.GetProperty("patientId").GetString()).Where(p => !string.IsNullOrEmpty(p)).Distinct());
        }
    }

    [Fact]
    public async Task An_api_token_carries_its_role_and_scope()
    {
        using var script = _hub.Client(ClinicBToken);
        Assert.Equal(["p-b1"], await ReadingSubjectsAsync(script));
        Assert.Equal(["p-b1"], await AlertPatientsAsync(script));
        await ExpectAsync(script.GetAsync("/api/readings?patient=p-a1"), HttpStatusCode.Forbidden);
        using var me = await JsonAsync(await script.GetAsync("/api/auth/me"));
        Assert.Equal("clinic-b-script", me.RootElement.GetProperty("user").GetString());
        Assert.Equal("token", me.RootElement.GetProperty("via").GetString());
        // A token needs no CSRF header (no browser sends it by itself); the actor is the token's name.
        using var acknowledged = await JsonAsync(await script.PostAsync($"/api/alerts/{_alerts["p-b1"]}/acknowledge",
            new StringContent("{\"note\":\"script\"}", Encoding.UTF8, "application/json")));
        Assert.Equal("clinic-b-script", acknowledged.RootElement.GetProperty("acknowledged").GetProperty("by").GetString());
    }

    [Fact]
    public async Task The_alert_event_stream_carries_only_changes_in_scope()
    {
        using var browser = await SignInAsync(_hub, "clinic-b");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/events");
        request.Headers.Add("Last-Event-ID", "0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await browser.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        // The backlog holds four raised alerts; clinic-b sees its own only. Then a change in clinic-a and one in
        // clinic-b: the next event is clinic-b's, so the clinic-a change was skipped, not merely late.
        Assert.Equal("p-b1", await NextEventPatientAsync(reader, timeout.Token));
        await _hub.Host.Alerts.AcknowledgeAsync(_alerts["p-a1"], "someone", null, default);
        await _hub.Host.Alerts.AcknowledgeAsync(_alerts["p-b1"], "someone", null, default);
        var data = await NextEventDataAsync(reader, timeout.Token);
        Assert.Contains("\"action\":\"acknowledged\"", data);
        Assert.Contains("\"patientId\":\"p-b1\"", data);
    }

    [Fact]
    public async Task WatchAlerts_needs_a_bearer_token_and_applies_its_scope()
    {
        using var channel = GrpcChannel.ForAddress(_hub.Host.GrpcAddress);
        using (var anonymous = channel.AsyncServerStreamingCall(AlertsServiceDescriptor.WatchAlerts, new WatchAlertsRequest { AfterEventId = 0 },
            CallOptions.WithTimeout(TimeSpan.FromSeconds(60))))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => anonymous.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
        using (var wrong = channel.AsyncServerStreamingCall(AlertsServiceDescriptor.WatchAlerts, new WatchAlertsRequest(),
            new CallOptions(Headers: new Metadata().Add("authorization", "Bearer not-a-token"), Deadline: DateTime.UtcNow.AddSeconds(60))))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => wrong.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
        var headers = new Metadata().Add("authorization", "Bearer " + ClinicBToken);
        using (var outOfScope = channel.AsyncServerStreamingCall(AlertsServiceDescriptor.WatchAlerts, new WatchAlertsRequest { PatientId = "p-a1" },
            new CallOptions(Headers: headers, Deadline: DateTime.UtcNow.AddSeconds(60))))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => outOfScope.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // From the first event on: the backlog (four raised alerts) and then live changes, all filtered by scope.
        using var watch = channel.AsyncServerStreamingCall(AlertsServiceDescriptor.WatchAlerts, new WatchAlertsRequest { AfterEventId = 1 },
            new CallOptions(Headers: headers, CancellationToken: cancel.Token));
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(("p-b1", "raised"), (watch.ResponseStream.Current.Alert.PatientId, watch.ResponseStream.Current.Action));
        await _hub.Host.Alerts.AcknowledgeAsync(_alerts["p-a1"], "someone", null, default);
        await _hub.Host.Alerts.AcknowledgeAsync(_alerts["p-b1"], "someone", null, default);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(("p-b1", "acknowledged"), (watch.ResponseStream.Current.Alert.PatientId, watch.ResponseStream.Current.Action));
        cancel.Cancel();
    }

    private static async Task<string> NextEventPatientAsync(StreamReader reader, CancellationToken ct)
    {
        var data = await NextEventDataAsync(reader, ct);
        const string marker = "\"patientId\":\"";
        var start = data.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return data[start..data.IndexOf('"', start)];
    }

    private static async Task<string> NextEventDataAsync(StreamReader reader, CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }
        throw new EndOfStreamException("The event stream ended.");
    }
}
