using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Hub.Alerts;

internal static partial class AlertEndpoints
{
    // GET  /api/alerts/rules                     every entry in force (defaults, then overrides) and the version
    // PUT  /api/alerts/rules                     entries applied over the rules in force
    // GET  /api/alerts/rules/patients/{patient}  the entries in force for one patient
    // PUT  /api/alerts/rules/patients/{patient}  replaces that patient's overrides ([] removes them)
    // Anyone signed in reads the rules in force (other scopes' patient overrides left out); only administrators change them for everyone; a patient's
    // overrides are read and changed by whoever has the patient in scope.
    private static void MapRules(RouteGroupBuilder group, AlertService alerts)
    {
        // The rules in force hold every patient's overrides: a scoped caller sees the defaults and its own patients'.
        group.MapGet("/rules", (HttpContext http) =>
        {
            var access = http.GetCaller().Access;
            return Rules(alerts.RulesVersion, alerts.Rules.Thresholds.Where(t => t.IsDefault || access.CanSeePatient(t.PatientId)));
        });
        group.MapPut("/rules", (HttpRequest request, CancellationToken ct) =>
            request.HttpContext.GetCaller().IsAdministrator ? PutRulesAsync(alerts, request, null, ct)
                : Task.FromResult(Forbidden("Only administrators change the rules for everyone.")));
        group.MapGet("/rules/patients/{patient}", (string patient, HttpContext http) =>
            http.GetCaller().Access.CanSeePatient(patient) ? Rules(alerts.RulesVersion, alerts.Rules.ThresholdsFor(patient))
                : Forbidden($"Patient {patient} is not in your scope."));
        group.MapPut("/rules/patients/{patient}", (string patient, HttpRequest request, CancellationToken ct) =>
            request.HttpContext.GetCaller().Access.CanSeePatient(patient) ? PutRulesAsync(alerts, request, patient, ct)
                : Task.FromResult(Forbidden($"Patient {patient} is not in your scope.")));
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
