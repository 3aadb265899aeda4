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
    public async Task An_administrator_sees_every_clinics_patients()
    {
        var page = await fixture.SignInAsync("admin");
        await page.WaitForSelectorAsync($"#patients tr[data-patient='{Fixture.PatientOtherClinic}']");
        await page.WaitForSelectorAsync($"#patients tr[data-patient='{Fixture.PatientInControl}']");
        await page.Context.CloseAsync();
    }
}
