using System.Text.Json;
using Microsoft.Playwright;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Dashboard.Tests.Infrastructure;

namespace TelemetryGateway.Dashboard.Tests;

/// <summary>Clinic staff: the morning view, acting on an alert, a patient's trends, Chinese labels.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ClinicTests(Fixture fixture)
{
    [Fact]
    public async Task Clinic_staff_see_who_is_out_of_control_and_acknowledge_an_alert_with_a_note()
    {
        var page = await fixture.SignInAsync("clinic");
        Assert.Equal("clinic", await page.GetAttributeAsync("#nav a.active", "data-view"));
        await page.WaitForSelectorAsync($"#uncontrolled tr[data-patient='{Fixture.PatientOutOfControl}']");
        Assert.Equal(0, await page.Locator($"#uncontrolled tr[data-patient='{Fixture.PatientInControl}']").CountAsync());

        // The out-of-control patient's readings raised an alert at the edge; it is open here.
        var card = page.Locator($"#alerts article.alert[data-state='raised']:has(a[href='#/patient/{Fixture.PatientOutOfControl}'])").First;
        await card.WaitForAsync();
        var id = await card.GetAttributeAsync("data-alert");
        await Fixture.ScreenshotAsync(page, "clinic");
        await card.Locator("input.note").FillAsync("called Dr Li for a second follow-up");
        await card.Locator("button.ack").ClickAsync();
        await page.WaitForSelectorAsync($"#alerts article.alert[data-alert='{id}'][data-state='acknowledged']");

        // Through the API with the same session: acknowledged by the signed-in user, with the note.
        var response = await page.APIRequest.GetAsync($"/api/alerts/{id}");
        Assert.Equal(200, response.Status);
        using var alert = JsonDocument.Parse(await response.TextAsync());
        var acknowledged = alert.RootElement.GetProperty("acknowledged");
        Assert.Equal("clinic", acknowledged.GetProperty("by").GetString());
        Assert.Equal("called Dr Li for a second follow-up", acknowledged.GetProperty("note").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clinic_staff_resolve_an_alert_with_a_note_and_it_leaves_the_open_list()
    {
        var raisedAt = DateTimeOffset.UtcNow;
        await fixture.Hub.Alerts.ApplyAsync(new AlertSignal
        {
            RuleId = AlertRuleIds.GlucoseHigh,
            PatientId = Fixture.PatientInControl,
            DeviceId = "glucometer-A1",
            Transition = AlertTransition.Raised,
            Severity = AlertSeverity.Warning,
            EpisodeStart = raisedAt,
            At = raisedAt,
            Message = "glucose 13.4 mmol/L above 10.0",
            Kind = ReadingKinds.Glucose,
            Value = 13.4,
            Unit = "mmol/L",
        }, Fixture.GatewayId, CancellationToken.None);
        var page = await fixture.SignInAsync("clinic");
        var card = page.Locator($"#alerts article.alert:has(a[href='#/patient/{Fixture.PatientInControl}']):has-text('glucose 13.4')").First;
        await card.WaitForAsync();
        var id = await card.GetAttributeAsync("data-alert");
        await card.Locator("input.note").FillAsync("meter read a sugary finger; repeat was 6.1");
        // Another alert arrives while the note is being typed: the list is rebuilt, and the note must survive it.
        await fixture.Hub.Alerts.ApplyAsync(new AlertSignal
        {
            RuleId = AlertRuleIds.StaleFollowUp,
            PatientId = Fixture.PatientInControl,
            DeviceId = "cuff-A1",
            Transition = AlertTransition.Raised,
            Severity = AlertSeverity.Advisory,
            EpisodeStart = raisedAt,
            At = raisedAt,
            Message = "no reading for 30 days",
        }, Fixture.GatewayId, CancellationToken.None);
        await page.WaitForSelectorAsync("#alerts article.alert:has-text('no reading for 30 days')");
        Assert.Equal("meter read a sugary finger; repeat was 6.1", await card.Locator("input.note").InputValueAsync());
        await card.Locator("button.resolve").ClickAsync();
        await page.WaitForSelectorAsync($"#alerts article.alert[data-alert='{id}']", new() { State = WaitForSelectorState.Detached });

        using var alert = JsonDocument.Parse(await (await page.APIRequest.GetAsync($"/api/alerts/{id}")).TextAsync());
        Assert.Equal("resolved", alert.RootElement.GetProperty("state").GetString());
        var resolved = alert.RootElement.GetProperty("resolved");
        Assert.Equal("clinic", resolved.GetProperty("by").GetString());
        Assert.Equal("meter read a sugary finger; repeat was 6.1", resolved.GetProperty("note").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_overdue_follow_up_is_listed_and_todays_visit_moves_the_patient_to_out_of_control_live()
    {
        var page = await fixture.SignInAsync("clinic");
        var overdue = $"#overdue tr:has(a[data-patient='{Fixture.PatientOverdue}'])";
        await page.WaitForSelectorAsync(overdue);
        Assert.Contains("Wang Fang", await page.InnerTextAsync(overdue));
        Assert.Equal(0, await page.Locator($"#uncontrolled tr[data-patient='{Fixture.PatientOverdue}']").CountAsync());
        await Fixture.ScreenshotAsync(page, "clinic-overdue");

        // The village doctor visits today and the kit syncs through the gateway: the open page follows by itself.
        await fixture.Feeder.VisitAsync(Fixture.PatientOverdue, "cuff-A3", "glucometer-A3", 152, 96, 6.2, CancellationToken.None);
        await page.WaitForSelectorAsync($"#uncontrolled tr[data-patient='{Fixture.PatientOverdue}']");
        await page.WaitForSelectorAsync(overdue, new() { State = WaitForSelectorState.Detached });
        Assert.Equal("152/96", await page.InnerTextAsync($"#patients tr[data-patient='{Fixture.PatientOverdue}'] td.bp"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_patient_page_draws_eight_weeks_of_BP_and_glucose_with_target_bands()
    {
        var page = await fixture.SignInAsync("clinic");
        await page.ClickAsync($"#patients a[data-patient='{Fixture.PatientInControl}']");
        await page.WaitForSelectorAsync("#chart-bp svg path.line.sys");
        Assert.Contains("Zhang Wei", await page.InnerTextAsync(".patient-head h1"));
        // 28 home visits, every other day over the last 8 weeks: one dot per visit on each BP line and on glucose.
        Assert.Equal(28, await page.Locator("#chart-bp circle.dot.sys").CountAsync());
        Assert.Equal(28, await page.Locator("#chart-glucose circle.dot.glu").CountAsync());
        Assert.Equal(1, await page.Locator("#chart-bp rect.band.ok").CountAsync());
        Assert.Equal(1, await page.Locator("#chart-glucose rect.band.ok").CountAsync());
        await Fixture.ScreenshotAsync(page, "patient-trends");

        // Four weeks: half the visits.
        await page.ClickAsync(".weeks button:text('4 weeks')");
        await page.WaitForFunctionAsync("document.querySelectorAll('#chart-bp circle.dot.sys').length === 14");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_shows_Chinese_labels_and_back()
    {
        var page = await fixture.SignInAsync("clinic");
        await page.WaitForSelectorAsync("#uncontrolled table");
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("#uncontrolled h2:text('当前控制不佳')");
        Assert.Equal("诊所", await page.InnerTextAsync("#nav a[data-view='clinic']"));
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        // The alert's message comes from the rule engine in English; its rule's name is in the page's language.
        var rule = $"#alerts article.alert:has(a[href='#/patient/{Fixture.PatientOutOfControl}']) strong.rule";
        await page.WaitForSelectorAsync(rule + ":text-is('高血压')");
        await Fixture.ScreenshotAsync(page, "clinic-zh");
        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync("#uncontrolled h2:text('Out of control now')");
        await page.WaitForSelectorAsync(rule + ":text-is('Hypertension')");
        await page.Context.CloseAsync();
    }
}
