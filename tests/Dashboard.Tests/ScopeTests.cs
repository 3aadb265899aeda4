using System.Text.Json;
using Microsoft.Playwright;
using TelemetryGateway.Dashboard.Tests.Infrastructure;

namespace TelemetryGateway.Dashboard.Tests;

/// <summary>Each user sees only their own patients, in the page and through the API.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ScopeTests(Fixture fixture)
{
    [Fact]
    public async Task Clinic_staff_are_refused_another_clinics_patient_in_the_page_and_through_the_API()
    {
        var page = await fixture.SignInAsync("clinic");
        await page.WaitForSelectorAsync($"#patients tr[data-patient='{Fixture.PatientInControl}']");
        Assert.Equal(0, await page.Locator($"#patients tr[data-patient='{Fixture.PatientOtherClinic}']").CountAsync());

        await page.GotoAsync($"/#/patient/{Fixture.PatientOtherClinic}");
        var refused = await page.WaitForSelectorAsync("#refused");
        Assert.Contains(Fixture.PatientOtherClinic, await refused!.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#chart-bp").CountAsync());
        await Fixture.ScreenshotAsync(page, "refused");

        // The same session through the API: every route that names the patient says 403.
        foreach (var path in new[]
                 {
                     $"/api/patients/{Fixture.PatientOtherClinic}",
                     $"/api/patients/{Fixture.PatientOtherClinic}/trend",
                     $"/api/readings?patient={Fixture.PatientOtherClinic}",
                     $"/api/live?patient={Fixture.PatientOtherClinic}",
                 })
        {
            var response = await page.APIRequest.GetAsync(path);
            Assert.True(response.Status == 403, $"{path}: {response.Status}");
        }
        // Its own patient answers.
        Assert.Equal(200, (await page.APIRequest.GetAsync($"/api/patients/{Fixture.PatientInControl}/trend")).Status);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("clinic", "P-A1 P-A2 P-A3", "", "")]
    [InlineData("doctor", "P-A1 P-A2 P-A3", "", "")]
    [InlineData("emergency", "P-AMB", Feeder.Monitor, Feeder.Unit)]
    [InlineData("admin", "P-A1 P-A2 P-A3 P-AMB P-B1", Feeder.Monitor, Feeder.Unit)]
    public async Task Each_role_gets_only_its_patients_monitors_and_ambulances_from_the_dashboard_API(
        string user, string patients, string monitors, string ambulances)
    {
        var page = await fixture.SignInAsync(user);
        Assert.Equal(Split(patients), await ListAsync(page, "/api/patients", j => j.GetProperty("patients"), "id"));
        // The ambulance streams all the time: wait until the hub has seen it so that an empty list means "not yours".
        using (var seen = new CancellationTokenSource(Fixture.Timeout))
        {
            while (fixture.Hub.Live.Monitors.Snapshot().Count == 0 || fixture.Hub.Ambulances.Snapshot().Count == 0)
            {
                await Task.Delay(100, seen.Token);
            }
        }
        Assert.Equal(Split(monitors), await ListAsync(page, "/api/monitors", j => j.GetProperty("monitors"), "device"));
        Assert.Equal(Split(ambulances), await ListAsync(page, "/api/ambulances", j => j, "unit"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_clinic_users_live_stream_carries_its_patients_readings_and_none_of_the_ambulance()
    {
        var clinic = await fixture.SignInAsync("clinic");
        var emergency = await fixture.SignInAsync("emergency");
        // Open the clinic stream first (open means subscribed), then see ambulance readings and the ambulance itself
        // reach the physician's stream: they came after the clinic subscribed, so the clinic stream was offered them too.
        await clinic.EvaluateAsync(Collect);
        await emergency.EvaluateAsync(Collect);
        await emergency.WaitForFunctionAsync($"window.seen.filter(d => d === '{Feeder.Monitor}').length >= 3");
        await emergency.WaitForFunctionAsync($"window.seen.includes('ambulance:{Feeder.Unit}')");
        // Markers after them on the clinic's own patient: once the second arrives, everything before it has been judged
        // (an ambulance change goes out in the same write as the reading that woke the stream, just behind it).
        for (var i = 1; i <= 2; i++)
        {
            await fixture.Feeder.WeighAsync(Fixture.PatientInControl, "scale-A1", 71.4, CancellationToken.None);
            await clinic.WaitForFunctionAsync($"window.seen.filter(d => d === 'scale-A1').length >= {i}");
        }
        var seen = await clinic.EvaluateAsync<string[]>("window.seen");
        Assert.DoesNotContain(Feeder.Monitor, seen);
        Assert.DoesNotContain($"ambulance:{Feeder.Unit}", seen);
        await clinic.Context.CloseAsync();
        await emergency.Context.CloseAsync();
    }

    /// <summary>Opens a second /api/live stream in the page, gathering each reading's device and each ambulance's
    /// "ambulance:unit" in window.seen; resolves once open.</summary>
    private const string Collect =
        "() => new Promise(resolve => { window.seen = []; const s = new EventSource('/api/live?waveforms=false');" +
        " s.addEventListener('reading', e => window.seen.push(JSON.parse(e.data).device));" +
        " s.addEventListener('ambulance', e => window.seen.push('ambulance:' + JSON.parse(e.data).unit));" +
        " s.addEventListener('open', () => resolve()); })";

    private static string[] Split(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string[]> ListAsync(IPage page, string path, Func<JsonElement, JsonElement> items, string key)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.Equal(200, response.Status);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return [.. items(json.RootElement).EnumerateArray().Select(e => e.GetProperty(key).GetString()!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Without_sign_in_the_API_answers_401_and_the_page_asks_to_sign_in()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("#signin-user");
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/patients")).Status);
        await Fixture.ScreenshotAsync(page, "signin");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_session_ended_on_the_hub_sends_the_open_page_back_to_sign_in()
    {
        var page = await fixture.SignInAsync("clinic");
        await page.WaitForSelectorAsync("#uncontrolled table");
        await page.WaitForSelectorAsync("#live-state[data-state='live']");
        // The same session ends from elsewhere (as expiry or an administrator disabling the user would end it).
        var response = await page.APIRequest.PostAsync("/api/auth/signout",
            new() { Headers = new Dictionary<string, string> { ["X-TG-Request"] = "1" } });
        Assert.Equal(204, response.Status);
        await page.WaitForSelectorAsync("#signin-user");
        Assert.Equal("Your session has ended; sign in again.", await page.InnerTextAsync("form.signin p.error"));
        await Fixture.ScreenshotAsync(page, "session-ended");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_sees_every_clinics_patients()
    {
        var page = await fixture.SignInAsync("admin");
        await page.WaitForSelectorAsync($"#patients tr[data-patient='{Fixture.PatientOtherClinic}']");
        await page.WaitForSelectorAsync($"#patients tr[data-patient='{Fixture.PatientInControl}']");
        await page.Context.CloseAsync();
    }
}
