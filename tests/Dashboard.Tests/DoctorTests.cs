using TelemetryGateway.Dashboard.Tests.Infrastructure;

namespace TelemetryGateway.Dashboard.Tests;

/// <summary>The village doctor's view: my patients, which device synced when, and the gateway's buffer.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DoctorTests(Fixture fixture)
{
    [Fact]
    public async Task A_village_doctor_sees_own_patients_their_devices_and_the_gateway_buffer()
    {
        var page = await fixture.SignInAsync("doctor");
        Assert.Equal("doctor", await page.GetAttributeAsync("#nav a.active", "data-view"));
        await page.WaitForSelectorAsync($"#my-patients tr[data-patient='{Fixture.PatientInControl}']");
        await page.WaitForSelectorAsync($"#my-patients tr[data-patient='{Fixture.PatientOutOfControl}']");
        Assert.Equal(0, await page.Locator($"#my-patients tr[data-patient='{Fixture.PatientOtherClinic}']").CountAsync());

        // Each device of my patients with when it last synced.
        foreach (var device in new[] { "cuff-A1", "glucometer-A1", "cuff-A2", "glucometer-A2" })
        {
            await page.WaitForSelectorAsync($"#devices tr[data-device='{device}'] td.synced");
        }
        Assert.Equal(0, await page.Locator("#devices tr[data-device='cuff-B1']").CountAsync());

        // The gateway reports its buffer to the hub; the page shows what the hub last heard.
        var waiting = await page.WaitForSelectorAsync($"#gateways tr[data-gateway='{Fixture.GatewayId}'] td.waiting");
        Assert.NotEqual("not reported", await waiting!.InnerTextAsync());
        await Fixture.ScreenshotAsync(page, "doctor");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_village_doctor_view_fits_a_tablet()
    {
        var page = await fixture.SignInAsync("doctor", width: 768, height: 1024);
        await page.WaitForSelectorAsync($"#my-patients tr[data-patient='{Fixture.PatientInControl}']");
        // One column on a tablet: no sideways scrolling of the page.
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways at 768 px");
        await Fixture.ScreenshotAsync(page, "doctor-tablet");
        await page.Context.CloseAsync();
    }
}
