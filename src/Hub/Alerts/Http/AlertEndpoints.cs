using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>
/// The alert API under <c>/api/alerts</c>. Every route runs behind the auth middleware and answers within the
/// caller's scope: lists, the audit and the event stream are filtered, an alert out of scope is 404, a patient
/// out of scope is 403, and an action's actor is the caller (the session's user or the token's name).
/// </summary>
internal static partial class AlertEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder app, AlertService alerts)
    {
        var group = app.MapGroup("/api/alerts");
        group.MapGet("", (HttpRequest request, CancellationToken ct) => ListAsync(alerts, request, ct));
        group.MapGet("/{id:long}", (long id, HttpContext http, CancellationToken ct) => GetAsync(alerts, id, http.GetCaller(), ct));
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
        if (Scoped(request.HttpContext, ref filter) is { } refused)
        {
            return refused;
        }
        var list = await alerts.ListAsync(filter, (int)limit, ct).ConfigureAwait(false);
        return Results.Json(new AlertListResponse([.. list.Select(AlertJsonMapping.From)]), AlertJsonContext.Default.AlertListResponse);
    }

    // An alert out of the caller's scope is "not found": its existence is not the caller's business either.
    private static async Task<IResult> GetAsync(AlertService alerts, long id, Caller caller, CancellationToken ct) =>
        await alerts.GetAsync(id, ct).ConfigureAwait(false) is { } alert && caller.Access.CanSeeAlert(alert)
            ? Results.Json(AlertJsonMapping.From(alert), AlertJsonContext.Default.AlertJson)
            : NotFound(id);

    private static async Task<IResult> ActAsync(AlertService alerts, long id, HttpRequest request, bool acknowledge, CancellationToken ct)
    {
        AlertActionRequest? body = null;
        if (request.ContentLength != 0 && request.HasJsonContentType())
        {
            try
            {
                body = await request.ReadFromJsonAsync(AlertJsonContext.Default.AlertActionRequest, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return Error($"The body must be JSON {{\"note\": \"…\"}}: {ex.Message}");
            }
        }
        else if (request.ContentLength > 0)
        {
            return Error("The body must be JSON {\"note\": \"…\"} (Content-Type: application/json).");
        }
        // The actor is who signed in (or whose token this is), never a name in the body: the audit log must
        // say who really acted. A "by" in the body is ignored.
        var caller = request.HttpContext.GetCaller();
        if (await alerts.GetAsync(id, ct).ConfigureAwait(false) is not { } current || !caller.Access.CanSeeAlert(current))
        {
            return NotFound(id);
        }
        var note = string.IsNullOrWhiteSpace(body?.Note) ? null : body.Note;
        var result = acknowledge
            ? await alerts.AcknowledgeAsync(id, caller.Name, note, ct).ConfigureAwait(false)
            : await alerts.ResolveAsync(id, caller.Name, note, ct).ConfigureAwait(false);
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
        if (Scoped(request.HttpContext, ref filter) is { } refused)
        {
            return refused;
        }
        var entries = await alerts.AuditAsync(filter, alertId == 0 ? null : alertId, after, (int)limit, ct).ConfigureAwait(false);
        var next = entries.Count > 0 ? entries[^1].EventId : after;
        return Results.Json(new AlertAuditResponse([.. entries.Select(AlertJsonMapping.From)], next), AlertJsonContext.Default.AlertAuditResponse);
    }

    /// <summary>Narrows <paramref name="filter"/> to the caller's scope; 403 when it names a patient out of scope.</summary>
    internal static IResult? Scoped(HttpContext http, ref AlertFilter filter)
    {
        var access = http.GetCaller().Access;
        if (access.IsEverything)
        {
            return null;
        }
        if (filter.PatientId is { } patient && !access.CanSeePatient(patient))
        {
            return Forbidden($"Patient {patient} is not in your scope.");
        }
        filter = filter with { Visible = access.CanSeeAlert };
        return null;
    }

    private static IResult Forbidden(string message) =>
        Results.Json(new AlertErrorResponse(message), AlertJsonContext.Default.AlertErrorResponse, statusCode: StatusCodes.Status403Forbidden);

    private static IResult Error(string message) =>
        Results.Json(new AlertErrorResponse(message), AlertJsonContext.Default.AlertErrorResponse, statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(long id) =>
        Results.Json(new AlertErrorResponse($"No alert {id}."), AlertJsonContext.Default.AlertErrorResponse, statusCode: StatusCodes.Status404NotFound);
}
