using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub;
using TelemetryGateway.Dashboard.Tests.Infrastructure;

namespace TelemetryGateway.Dashboard.Tests;

/// <summary>The emergency physician's view: live numerics, the ECG strip, link loss and back-fill.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AmbulanceTests(Fixture fixture)
{
    private const string HeartRate = "article.ambulance .tile[data-kind='heart.rate'] .value";
    private const string MonitorAlarms = "article.ambulance ul.alarms li.monitor";

    [Fact]
    public async Task An_emergency_physician_sees_the_heart_rate_change_live_and_the_ECG_strip_move()
    {
        var page = await fixture.SignInAsync("emergency");
        Assert.Equal("ambulance", await page.GetAttributeAsync("#nav a.active", "data-view"));
        await page.WaitForSelectorAsync($"article.ambulance[data-device='{Feeder.Monitor}']");
        await page.WaitForFunctionAsync($"document.querySelector(\"{HeartRate}\").textContent !== '–'");
        var first = await page.InnerTextAsync(HeartRate);
        // The monitor's heart rate changes every second; the page shows the next value without a reload.
        await page.WaitForFunctionAsync($"document.querySelector(\"{HeartRate}\").textContent !== '{first}'");

        // The strip is redrawn every frame: two frames differ, and the trace's green is on the canvas.
        await page.WaitForFunctionAsync(GreenPixels + " > 200");
        var before = await page.EvaluateAsync<string>("document.querySelector('canvas.ecg').toDataURL()");
        await page.WaitForFunctionAsync($"document.querySelector('canvas.ecg').toDataURL() !== {System.Text.Json.JsonSerializer.Serialize(before)}");

        // Where it is and when it arrives, from the position updates (GET /api/ambulances).
        await page.WaitForSelectorAsync($"article.ambulance .meta:has-text('{Feeder.Destination}')");
        var meta = await page.InnerTextAsync("article.ambulance .meta");
        Assert.Contains("ETA", meta);
        Assert.Contains("54 km/h", meta);
        Assert.StartsWith(Feeder.Unit, await page.InnerTextAsync("article.ambulance h2"));
        await Fixture.ScreenshotAsync(page, "ambulance");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_monitors_own_alarms_and_the_patients_alerts_are_listed_on_the_card_as_they_change()
    {
        var page = await fixture.SignInAsync("emergency");
        var monitorAlarm = $"{MonitorAlarms}:has-text('{Feeder.MonitorAlarmCode}')";
        await page.WaitForSelectorAsync(monitorAlarm);
        var first = await page.InnerTextAsync(monitorAlarm);
        Assert.Contains(Feeder.MonitorAlarmText, first);
        // The monitor's next status (its alarm text counts on) replaces the shown one without a reload.
        await page.WaitForFunctionAsync($"[...document.querySelectorAll('{MonitorAlarms}')]" +
            $".some(li => li.textContent.includes('{Feeder.MonitorAlarmCode}') && li.textContent !== {System.Text.Json.JsonSerializer.Serialize(first)})");
        // Status changes travel on the live stream as "ambulance" events, not only through the periodic re-read.
        var code = await page.EvaluateAsync<string>(
            "() => new Promise(resolve => { const s = new EventSource('/api/live?waveforms=false');" +
            " s.addEventListener('ambulance', e => { const a = JSON.parse(e.data);" +
            " if (a.status && a.status.alarms.length) { s.close(); resolve(a.status.alarms[0].code); } }); })")
            .WaitAsync(Fixture.Timeout);
        Assert.Equal(Feeder.MonitorAlarmCode, code);

        // An alert the hub raises for the patient on board is listed beside the monitor's alarms.
        var at = DateTimeOffset.UtcNow;
        await fixture.Hub.Alerts.ApplyAsync(new AlertSignal
        {
            RuleId = AlertRuleIds.Spo2Falling,
            PatientId = Fixture.AmbulancePatient,
            DeviceId = Feeder.Monitor,
            Transition = AlertTransition.Raised,
            Severity = AlertSeverity.Urgent,
            EpisodeStart = at,
            At = at,
            Message = "SpO2 falling 4 % in 5 min",
            Kind = ReadingKinds.SpO2,
            Value = 92,
            Unit = "%",
        }, Fixture.GatewayId, CancellationToken.None);
        await page.WaitForSelectorAsync("article.ambulance ul.alarms li[data-severity='urgent']:has-text('SpO2 falling')");
        await Fixture.ScreenshotAsync(page, "ambulance-alarms");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_lost_link_is_shown_with_its_start_and_the_gap_is_back_filled_when_it_returns()
    {
        var page = await fixture.SignInAsync("emergency");
        var link = page.Locator("article.ambulance .link");
        await page.WaitForSelectorAsync("article.ambulance .link[data-state='ok']");
        await page.WaitForFunctionAsync(GreenPixels + " > 200");

        var secondsBefore = fixture.Feeder.AmbulanceSeconds;
        fixture.Link.Cut();
        try
        {
            await page.WaitForSelectorAsync("article.ambulance .link[data-state='lost']");
            Assert.StartsWith("Link lost since", await link.InnerTextAsync());
            // Let the ambulance buffer a few seconds at the gateway while the link is down.
            while (fixture.Feeder.AmbulanceSeconds < secondsBefore + 4)
            {
                await Task.Delay(200);
            }
            await Fixture.ScreenshotAsync(page, "ambulance-link-lost");
        }
        finally
        {
            fixture.Link.Restore();
        }
        await page.WaitForSelectorAsync("article.ambulance .link[data-state='ok']");
        // The buffered seconds arrive and fill the gap: at least three of the four seconds (the fourth may
        // straddle the moment the link was judged lost).
        await page.WaitForFunctionAsync("Number(document.querySelector('article.ambulance .backfill')?.dataset.seconds ?? 0) >= 3");
        await Fixture.ScreenshotAsync(page, "ambulance-back-filled");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_a_hub_restart_a_silent_ambulance_shows_link_lost_since_its_stored_last_seen_time()
    {
        // A second hub on a consistent copy (SQLite online backup) of the running hub's ambulances.db is that hub
        // after a restart with no gateway back yet; the shared hub keeps serving the other tests.
        using (var written = new CancellationTokenSource(Fixture.Timeout))
        {
            while (fixture.Hub.Metrics.Ambulances.Written == 0)
            {
                await Task.Delay(50, written.Token);
            }
        }
        var directory = Path.Combine(Path.GetTempPath(), $"tg-dashboard-restart-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            using (var source = Open(Path.Combine(fixture.Hub.Options.DataDirectory, "ambulances.db")))
            using (var copy = Open(Path.Combine(directory, "ambulances.db")))
            {
                source.BackupDatabase(copy);
            }
            await using var restarted = await HubHost.StartAsync(new ConfigurationBuilder()
                .AddConfiguration(fixture.Configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:DataDirectory"] = directory })
                .Build());
            var stored = Assert.Single(restarted.Ambulances.Snapshot());

            var page = await fixture.SignInAsync("emergency", hub: restarted.HttpAddress);
            await page.WaitForSelectorAsync($"article.ambulance[data-device='{Feeder.Monitor}'] .link[data-state='lost']");
            Assert.Equal($"Link lost since {stored.LastSeen.UtcDateTime:HH:mm:ss}", await page.InnerTextAsync("article.ambulance .link"));
            Assert.StartsWith(Feeder.Unit, await page.InnerTextAsync("article.ambulance h2"));
            Assert.Contains(Feeder.Destination, await page.InnerTextAsync("article.ambulance .meta"));
            await Fixture.ScreenshotAsync(page, "ambulance-after-restart");
            await page.Context.CloseAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Pixels of the trace colour (bright green) on the strip.</summary>
    private const string GreenPixels =
        "(() => { const c = document.querySelector('canvas.ecg'); if (!c || !c.width) return 0;" +
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;" +
        " for (let i = 0; i < d.length; i += 4) if (d[i + 1] > 200 && d[i] < 120) n++; return n; })()";
}
