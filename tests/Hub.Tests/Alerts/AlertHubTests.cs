using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TelemetryGateway.Contracts;
using ReadingBatch = TelemetryGateway.Contracts.V1.ReadingBatch;
using SequencedReading = TelemetryGateway.Contracts.V1.SequencedReading;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>Starts a real hub on loopback with the test patient directory.</summary>
internal static class AlertHub
{
    /// <summary>API tokens of two people at clinic-a: the alert actions' actors are these token names.</summary>
    public const string NurseChenToken = "token-of-nurse-chen-0123456789abcdefghijkl";
    public const string DrWangToken = "token-of-dr-wang-0123456789abcdefghijklmnop";

    public static Task<TestHub> StartAsync(Action<Dictionary<string, string?>>? configure = null) => TestHub.StartAsync(settings =>
    {
        settings["Hub:Auth:ApiTokens:nurse Chen:Token"] = NurseChenToken;
        settings["Hub:Auth:ApiTokens:nurse Chen:Role"] = "clinic-staff";
        settings["Hub:Auth:ApiTokens:nurse Chen:Scope"] = "clinic-a";
        settings["Hub:Auth:ApiTokens:Dr Wang:Token"] = DrWangToken;
        settings["Hub:Auth:ApiTokens:Dr Wang:Role"] = "clinic-staff";
        settings["Hub:Auth:ApiTokens:Dr Wang:Scope"] = "clinic-a";
        settings["Hub:Patients:patient-1:Clinic"] = "clinic-a";
        settings["Hub:Patients:patient-1:VillageDoctor"] = "Dr Li (village 3)";
        settings["Hub:Patients:patient-1:FamilyContact"] = "son +86 138 0000 0001";
        settings["Hub:Patients:patient-2:Clinic"] = "clinic-a";
        settings["Hub:Patients:patient-3:Clinic"] = "clinic-b";
        settings["Hub:Clinics:clinic-a:Lead"] = "Dr Wang";
        configure?.Invoke(settings);
    });

    public static async Task<JsonDocument> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode} (expected {expected}): {text}");
        return JsonDocument.Parse(text);
    }
}

/// <summary>The alert HTTP API on a real hub, and edge alert signals arriving through ingest.</summary>
public sealed class AlertHubTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    private AlertService Alerts => _hub.Host.Alerts;

    public async Task InitializeAsync() => _hub = await AlertHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task The_list_filters_by_clinic_patient_minimum_severity_and_state()
    {
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-2", systolic: 182), "gw-1", default);
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-3", systolic: 181), "gw-2", default);

        async Task<string[]> Patients(string query)
        {
            using var json = await AlertHub.JsonAsync(await _hub.Http.GetAsync("/api/alerts" + query));
            return [.. json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("patientId").GetString()!)];
        }

        Assert.Equal(["patient-3", "patient-2", "patient-1"], await Patients(""));
        Assert.Equal(["patient-2", "patient-1"], await Patients("?clinic=clinic-a"));
        Assert.Equal(["patient-3", "patient-2"], await Patients("?severity=urgent"));
        Assert.Equal(["patient-2"], await Patients("?clinic=clinic-a&severity=urgent&state=open"));
        Assert.Equal(["patient-1"], await Patients("?patient=patient-1&state=raised"));
        Assert.Empty(await Patients("?state=resolved"));
        Assert.Equal(["patient-3"], await Patients("?limit=1"));
        using var bad = await AlertHub.JsonAsync(await _hub.Http.GetAsync("/api/alerts?severity=loud"), HttpStatusCode.BadRequest);
        Assert.Contains("severity 'loud'", bad.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_alert_is_acknowledged_and_resolved_over_http_with_who_when_and_note_and_audited()
    {
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);
        var id = Assert.Single(await Alerts.ListAsync(AlertFilter.All, 10, default)).Id;

        using (var alert = await AlertHub.JsonAsync(await _hub.Http.GetAsync($"/api/alerts/{id}")))
        {
            Assert.Equal(
                ["id", "ruleId", "subject", "patientId", "deviceId", "clinic", "severity", "state", "message", "kind", "value", "unit",
                 "episodeStart", "raisedAt", "lastSeen", "conditionCleared", "acknowledged", "resolved", "escalationLevel", "followUpDue", "referral", "origin"],
                alert.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("warning", alert.RootElement.GetProperty("severity").GetString());
            Assert.Equal("raised", alert.RootElement.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, alert.RootElement.GetProperty("acknowledged").ValueKind);
        }
        // The actor is the caller (here: the token's name); a "by" in the body is ignored.
        using var nurseChen = _hub.Client(AlertHub.NurseChenToken);
        using var drWang = _hub.Client(AlertHub.DrWangToken);
        using (await AlertHub.JsonAsync(await nurseChen.PostAsJsonAsync($"/api/alerts/{id + 50}/acknowledge", new { note = "x" }), HttpStatusCode.NotFound))
        {
        }
        using (var acknowledged = await AlertHub.JsonAsync(await nurseChen.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { by = "someone else", note = "calling the family" })))
        {
            var ack = acknowledged.RootElement.GetProperty("acknowledged");
            Assert.Equal("nurse Chen", ack.GetProperty("by").GetString());
            Assert.Equal("calling the family", ack.GetProperty("note").GetString());
            Assert.True(ack.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        }
        using (await AlertHub.JsonAsync(await drWang.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "me too" }), HttpStatusCode.Conflict))
        {
        }
        using (var resolved = await AlertHub.JsonAsync(await drWang.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "controlled" })))
        {
            Assert.Equal("resolved", resolved.RootElement.GetProperty("state").GetString());
            Assert.Equal("Dr Wang", resolved.RootElement.GetProperty("resolved").GetProperty("by").GetString());
        }

        using var audit = await AlertHub.JsonAsync(await _hub.Http.GetAsync($"/api/alerts/audit?alert={id}"));
        var entries = audit.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["raised", "acknowledged", "resolved"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["gw-1", "nurse Chen", "Dr Wang"], entries.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal("village-doctor", entries[0].GetProperty("recipients")[0].GetProperty("role").GetString());
        Assert.Equal("resolved", entries[2].GetProperty("alert").GetProperty("state").GetString());
        var next = audit.RootElement.GetProperty("next").GetInt64();
        using var after = await AlertHub.JsonAsync(await _hub.Http.GetAsync($"/api/alerts/audit?after={next}"));
        Assert.Empty(after.RootElement.GetProperty("entries").EnumerateArray());

        var metrics = await _hub.Http.GetStringAsync("/metrics");
        Assert.Contains("hub_alerts_raised_total{severity=\"warning\"} 1\n", metrics);
        Assert.Contains("hub_alerts_acknowledged_total{severity=\"warning\"} 1\n", metrics);
        Assert.Contains("hub_alerts_resolved_total{severity=\"warning\"} 1\n", metrics);
        Assert.Contains("hub_alerts_open 0\n", metrics);
    }

    [Fact]
    public async Task Rules_and_per_patient_overrides_are_managed_over_http_and_announce_the_change()
    {
        var changes = new List<AlertRulesChangedEventArgs>();
        Alerts.RulesChanged += (_, e) => changes.Add(e);
        using (var defaults = await AlertHub.JsonAsync(await _hub.Http.GetAsync("/api/alerts/rules")))
        {
            Assert.Equal(0, defaults.RootElement.GetProperty("version").GetInt64());
            Assert.Contains(defaults.RootElement.GetProperty("thresholds").EnumerateArray(),
                t => t.GetProperty("kind").GetString() == "bp.systolic" && t.GetProperty("severity").GetString() == "warning" && t.GetProperty("high").GetDouble() == 140);
        }

        var body = new { thresholds = new[] { new { kind = "bp.systolic", low = (double?)null, high = (double?)130, severity = "warning" } } };
        using (var put = await AlertHub.JsonAsync(await _hub.Http.PutAsJsonAsync("/api/alerts/rules/patients/patient-1", body)))
        {
            Assert.Equal(1, put.RootElement.GetProperty("version").GetInt64());
        }
        using (var bad = await AlertHub.JsonAsync(await _hub.Http.PutAsJsonAsync("/api/alerts/rules",
            new { thresholds = new[] { new { kind = "bp.systolic", low = 90.0, severity = "warning" } } }), HttpStatusCode.BadRequest))
        {
            Assert.Contains("upper lines only", bad.RootElement.GetProperty("error").GetString());
        }

        using var patient = await AlertHub.JsonAsync(await _hub.Http.GetAsync("/api/alerts/rules/patients/patient-1"));
        Assert.Contains(patient.RootElement.GetProperty("thresholds").EnumerateArray(),
            t => t.GetProperty("kind").GetString() == "bp.systolic" && t.GetProperty("patientId").GetString() == "patient-1" && t.GetProperty("high").GetDouble() == 130);
        var change = Assert.Single(changes);
        Assert.Equal(1, change.Version);
        Assert.Contains(change.Rules.Thresholds, t => t is { Kind: "bp.systolic", PatientId: "patient-1", High: 130 });
        Assert.Equal(1, Alerts.RulesVersion);

        // Stored: a restarted hub has the same rules and version.
        await _hub.StopAsync();
        await _hub.RestartAsync();
        Assert.Equal(1, _hub.Host.Alerts.RulesVersion);
        Assert.Contains(_hub.Host.Alerts.Rules.Thresholds, t => t is { Kind: "bp.systolic", PatientId: "patient-1", High: 130 });
    }

    [Fact]
    public async Task An_alert_raised_at_the_edge_arrives_through_ingest_once_even_when_replayed()
    {
        var signal = Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, systolic: 186);
        await using (var gateway = await _hub.ConnectAsync())
        {
            var ack = await gateway.SendAndAckAsync(new ReadingBatch { Readings = { new SequencedReading { Sequence = 1, Alert = AlertSignalMapper.ToProto(signal) } } });
            Assert.Equal(1, ack.Ranges.Single().Last);
        }
        // The gateway reconnects and replays what it sent before.
        await using (var gateway = await _hub.ConnectAsync())
        {
            await gateway.SendAndAckAsync(new ReadingBatch { Readings = { new SequencedReading { Sequence = 1, Alert = AlertSignalMapper.ToProto(signal) } } });
        }

        var alert = Assert.Single(await Alerts.ListAsync(AlertFilter.All, 10, default));
        Assert.Equal(TestHub.Gateway1, alert.Origin);
        Assert.Equal(AlertSeverity.Urgent, alert.Severity);
        Assert.Single(await Alerts.AuditAsync(AlertFilter.All, null, 0, 100, default));
    }

    [Fact]
    public async Task An_alert_with_an_out_of_range_time_is_rejected_alone_and_the_stream_goes_on()
    {
        await using var gateway = await _hub.ConnectAsync();
        var far = AlertSignalMapper.ToProto(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, systolic: 186));
        far.AtUnixMs = long.MaxValue; // past year 9999: once thrown while mapping, failing the stream
        var good = Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-2", systolic: 190);

        var ack = await gateway.SendAndAckAsync(new ReadingBatch
        {
            Readings =
            {
                new SequencedReading { Sequence = 1, Alert = far },
                new SequencedReading { Sequence = 2, Alert = AlertSignalMapper.ToProto(good) },
            },
        });

        Assert.Equal((1L, 2L), (ack.Ranges.Single().First, ack.Ranges.Single().Last));
        var rejected = Assert.Single(ack.Rejections);
        Assert.Equal((1L, "InvalidAlert"), (rejected.Sequence, rejected.Reason));
        Assert.StartsWith("at_unix_ms 9223372036854775807 is outside years 1-9999", rejected.Message);
        Assert.Equal("patient-2", Assert.Single(await Alerts.ListAsync(AlertFilter.All, 10, default)).PatientId);
        var next = await gateway.SendAndAckAsync(new ReadingBatch { Readings = { new SequencedReading { Sequence = 3, Alert = AlertSignalMapper.ToProto(good) } } });
        Assert.Equal(3, next.Ranges.Single().Last);
    }
}
