using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

internal static partial class AlertEndpoints
{
    // GET  /api/alerts/rules                     every entry in force (defaults, then overrides) and the version
    // PUT  /api/alerts/rules                     entries applied over the rules in force
    // GET  /api/alerts/rules/patients/{patient}  the entries in force for one patient
    // PUT  /api/alerts/rules/patients/{patient}  replaces that patient's overrides ([] removes them)
    private static void MapRules(RouteGroupBuilder group, AlertService alerts)
    {
        group.MapGet("/rules", () => Rules(alerts.RulesVersion, alerts.Rules.Thresholds));
        group.MapPut("/rules", (HttpRequest request, CancellationToken ct) => PutRulesAsync(alerts, request, null, ct));
        group.MapGet("/rules/patients/{patient}", (string patient) => Rules(alerts.RulesVersion, alerts.Rules.ThresholdsFor(patient)));
        group.MapPut("/rules/patients/{patient}", (string patient, HttpRequest request, CancellationToken ct) => PutRulesAsync(alerts, request, patient, ct));
    }

    private static IResult Rules(long version, IEnumerable<AlertThreshold> thresholds) =>
        Results.Json(new AlertRulesResponse(version, [.. thresholds.Select(AlertJsonMapping.From)]), AlertJsonContext.Default.AlertRulesResponse);

    private static async Task<IResult> PutRulesAsync(AlertService alerts, HttpRequest request, string? patient, CancellationToken ct)
    {
        AlertRulesRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(AlertJsonContext.Default.AlertRulesRequest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Error($"The body must be JSON {{\"thresholds\": [{{\"kind\", \"patientId\", \"low\", \"high\", \"severity\", \"durationSeconds\"}}]}}: {ex.Message}");
        }
        if (body?.Thresholds is null)
        {
            return Error("\"thresholds\" is required.");
        }
        var entries = new List<AlertThreshold>(body.Thresholds.Count);
        foreach (var json in body.Thresholds)
        {
            if (json is null)
            {
                return Error("A threshold is null.");
            }
            if (AlertJsonMapping.ToThreshold(json, patient, out var error) is not { } entry)
            {
                return Error(error!);
            }
            entries.Add(entry);
        }
        var update = await alerts.SetThresholdsAsync(entries, patient, ct).ConfigureAwait(false);
        if (update.Error is { } refused)
        {
            return Error(refused);
        }
        return Rules(update.Version, patient is null ? update.Rules!.Thresholds : update.Rules!.ThresholdsFor(patient));
    }
}
