using TelemetryGateway.Dashboard.Tests.Infrastructure;

namespace TelemetryGateway.Dashboard.Tests;

/// <summary>Every view on a 1366×768 clinic PC and on a tablet (portrait and landscape), in both languages: nothing
/// scrolls sideways and no card hides columns behind its own scroll bar. Each case leaves a screenshot.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LayoutTests(Fixture fixture)
{
    [Theory]
    [InlineData("clinic", "clinic", 1366, 768, "en")]
    [InlineData("clinic", "clinic", 768, 1024, "zh")]
    [InlineData("clinic", "patient", 1366, 768, "zh")]
    [InlineData("clinic", "patient", 768, 1024, "en")]
    [InlineData("doctor", "doctor", 1366, 768, "zh")]
    [InlineData("doctor", "doctor", 1024, 768, "en")]
    [InlineData("emergency", "ambulance", 768, 1024, "en")]
    [InlineData("emergency", "ambulance", 1024, 768, "zh")]
    [InlineData("emergency", "ambulance", 1366, 768, "zh")]
    public async Task A_view_fits_the_screen(string user, string view, int width, int height, string language)
    {
        var page = await fixture.SignInAsync(user, width, height);
        if (language == "zh")
        {
            await page.ClickAsync("#lang");
            await page.WaitForSelectorAsync("html[lang='zh-CN']");
        }
        if (view == "patient")
        {
            await page.GotoAsync($"/#/patient/{Fixture.PatientOutOfControl}");
        }
        // Wait until the view shows its data, not just its frame.
        await page.WaitForSelectorAsync(view switch
        {
            "clinic" => "#alerts article.alert",
            "patient" => "#chart-glucose svg circle.dot",
            "doctor" => $"#gateways tr[data-gateway='{Fixture.GatewayId}']",
            _ => "article.ambulance ul.alarms li.monitor",
        });
        if (view == "ambulance")
        {
            await page.WaitForFunctionAsync("document.querySelector(\"article.ambulance .tile[data-kind='heart.rate'] .value\").textContent !== '–'");
        }

        await AssertFitsAsync(page, $"{view} at {width}×{height} ({language})");
        await Fixture.ScreenshotAsync(page, $"{view}-{width}x{height}-{language}");
        await page.Context.CloseAsync();
    }

    /// <summary>The page does not scroll sideways and no card hides columns behind its own scroll bar.</summary>
    internal static async Task AssertFitsAsync(Microsoft.Playwright.IPage page, string what)
    {
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), $"{what}: the page scrolls sideways");
        var clipped = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('main .card, main article.ambulance')].filter(c => c.scrollWidth > c.clientWidth + 1)" +
            ".map(c => (c.id || c.className) + ': ' + c.scrollWidth + ' > ' + c.clientWidth)");
        Assert.True(clipped.Length == 0, $"{what}: {string.Join("; ", clipped)}");
    }
}
