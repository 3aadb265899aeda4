using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Dashboard.Tests.Infrastructure;
using TelemetryGateway.Grpc.Client;

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
            Assert.NotEqual("–", (await page.InnerTextAsync($"#devices tr[data-device='{device}'] td.synced")).Trim());
        }
        Assert.Equal(0, await page.Locator("#devices tr[data-device='cuff-B1']").CountAsync());

        // The gateway reports its buffer to the hub; the page shows what the hub last heard.
        var waiting = await page.WaitForSelectorAsync($"#gateways tr[data-gateway='{Fixture.GatewayId}'] td.waiting");
        Assert.NotEqual("not reported", await waiting!.InnerTextAsync());
        await Fixture.ScreenshotAsync(page, "doctor");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_village_doctor_sees_how_many_readings_still_wait_in_a_gateway_buffer_and_since_when()
    {
        var page = await fixture.SignInAsync("doctor");
        await page.WaitForSelectorAsync($"#gateways tr[data-gateway='{Fixture.GatewayId}']");
        // A gateway back from a village without signal connects while the page is open: its Hello says 37
        // readings wait, the oldest from 3 h ago.
        var oldest = DateTimeOffset.UtcNow.AddHours(-3);
        using var channel = GrpcChannel.ForAddress(fixture.Hub.GrpcAddress);
        using var call = channel.AsyncDuplexStreamingCall(IngestServiceDescriptor.Stream);
        await call.RequestStream.WriteAsync(new GatewayMessage
        {
            Hello = new Hello
            {
                GatewayId = Fixture.GatewayWaiting,
                Secret = Fixture.GatewayWaitingSecret,
                SoftwareVersion = "test/1.0",
                Status = new GatewayStatus { BufferedReadings = 37, BufferedBytes = 4096, OldestBufferedUnixMs = oldest.ToUnixTimeMilliseconds() },
            },
        }).WaitAsync(Fixture.Timeout);
        using (var welcome = new CancellationTokenSource(Fixture.Timeout))
        {
            Assert.True(await call.ResponseStream.MoveNext(welcome.Token));
            Assert.Equal(HubMessage.BodyOneofCase.Welcome, call.ResponseStream.Current.BodyCase);
        }

        var row = $"#gateways tr[data-gateway='{Fixture.GatewayWaiting}']";
        await page.WaitForSelectorAsync($"{row} td.waiting:has-text('37 readings')");
        Assert.Contains("warn", await page.GetAttributeAsync($"{row} td.waiting", "class"));
        Assert.Equal("connected", (await page.InnerTextAsync($"{row} td:nth-child(2)")).Trim());
        Assert.Equal(await page.EvaluateAsync<string>(
                $"new Date({oldest.ToUnixTimeMilliseconds()}).toLocaleString('en-GB', {{ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }})"),
            (await page.InnerTextAsync($"{row} td:nth-child(5)")).Trim());
        // With that sixth column filled the gateways card still shows every column on a 1366×768 screen.
        await LayoutTests.AssertFitsAsync(page, "the village doctor's page with a gateway backlog at 1366×768");
        await Fixture.ScreenshotAsync(page, "doctor-waiting");
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
