using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>
/// The alert API under <c>/api/alerts</c>. Every route is on one route group, so that the sign-in and role
/// scopes of the dashboard can wrap them all (an endpoint filter or authorization policy on the group).
/// </summary>
internal static partial class AlertEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder app, AlertService alerts)
    {
        var group = app.MapGroup("/api/alerts");
        group.MapGet("", (HttpRequest request, CancellationToken ct) => ListAsync(alerts, request, ct));
        group.MapGet("/{id:long}", (long id, CancellationToken ct) => GetAsync(alerts, id, ct));
        group.MapPost("/{id:long}/acknowledge", (long id, HttpRequest request, CancellationToken ct) => ActAsync(alerts, id, request, acknowledge: true, ct));
        group.MapPost("/{id:long}/resolve", (long id, HttpRequest request, CancellationToken ct) => ActAsync(alerts, id, request, acknowledge: false, ct));
        group.MapGet("/audit", (HttpRequest request, CancellationToken ct) => AuditAsync(alerts, request, ct));
        group.MapGet("/events", (HttpContext http) => AlertEventStream.RunAsync(alerts, http));
        MapRules(group, alerts);
        return group;
    }

    private static async Task<IResult> ListAsync(AlertService alerts, HttpRequest request, CancellationToken ct)
    {
        if (!AlertQuery.TryFilter(request.Query, out var filter, out var error)
            || !AlertQuery.TryNumber(request.Query, "limit", AlertQuery.DefaultLimit, 1, AlertQuery.MaxLimit, out var limit, out error))
        {
            return Error(error);
        }
        var list = await alerts.ListAsync(filter, (int)limit, ct).ConfigureAwait(false);
        return Results.Json(new AlertListResponse([.. list.Select(AlertJsonMapping.From)]), AlertJsonContext.Default.AlertListResponse);
    }

    private static async Task<IResult> GetAsync(AlertService alerts, long id, CancellationToken ct) =>
        await alerts.GetAsync(id, ct).ConfigureAwait(false) is { } alert
            ? Results.Json(AlertJsonMapping.From(alert), AlertJsonContext.Default.AlertJson)
            : NotFound(id);

    private static async Task<IResult> ActAsync(AlertService alerts, long id, HttpRequest request, bool acknowledge, CancellationToken ct)
    {
        AlertActionRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(AlertJsonContext.Default.AlertActionRequest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Error($"The body must be JSON {{\"by\": \"…\", \"note\": \"…\"}}: {ex.Message}");
        }
        if (string.IsNullOrWhiteSpace(body?.By))
        {
            return Error("\"by\" (who acts) is required.");
        }
        var result = acknowledge
            ? await alerts.AcknowledgeAsync(id, body.By.Trim(), body.Note, ct).ConfigureAwait(false)
            : await alerts.ResolveAsync(id, body.By.Trim(), body.Note, ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            AlertActionOutcome.Done => Results.Json(AlertJsonMapping.From(result.Alert!), AlertJsonContext.Default.AlertJson),
            AlertActionOutcome.NotFound => NotFound(id),
            _ => Results.Json(new AlertErrorResponse($"Alert {id} is {AlertStateNames.ToName(result.Alert!.State)}; it cannot be {(acknowledge ? "acknowledged" : "resolved")}."),
                AlertJsonContext.Default.AlertErrorResponse, statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static async Task<IResult> AuditAsync(AlertService alerts, HttpRequest request, CancellationToken ct)
    {
        if (!AlertQuery.TryFilter(request.Query, out var filter, out var error)
            || !AlertQuery.TryNumber(request.Query, "limit", AlertQuery.DefaultLimit, 1, AlertQuery.MaxLimit, out var limit, out error)
            || !AlertQuery.TryNumber(request.Query, "after", 0, 0, long.MaxValue, out var after, out error)
            || !AlertQuery.TryNumber(request.Query, "alert", 0, 0, long.MaxValue, out var alertId, out error))
        {
            return Error(error);
        }
        var entries = await alerts.AuditAsync(filter, alertId == 0 ? null : alertId, after, (int)limit, ct).ConfigureAwait(false);
        var next = entries.Count > 0 ? entries[^1].EventId : after;
        return Results.Json(new AlertAuditResponse([.. entries.Select(AlertJsonMapping.From)], next), AlertJsonContext.Default.AlertAuditResponse);
    }

    private static IResult Error(string message) =>
        Results.Json(new AlertErrorResponse(message), AlertJsonContext.Default.AlertErrorResponse, statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(long id) =>
        Results.Json(new AlertErrorResponse($"No alert {id}."), AlertJsonContext.Default.AlertErrorResponse, statusCode: StatusCodes.Status404NotFound);
}
