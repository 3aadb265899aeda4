using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>
/// <c>GET /api/alerts/events</c>: server-sent events (HTML Living Standard §9.2) for the browser, filtered like
/// the list. Each change is <c>id: &lt;event id&gt;</c>, <c>event: alert</c>, <c>data: &lt;AlertChangeJson&gt;</c>.
/// A reconnecting EventSource sends <c>Last-Event-ID</c> (or a client passes <c>?after=</c>) and gets what it
/// missed from the audit log first. A comment line every 15 s keeps proxies from closing an idle stream.
/// </summary>
internal static class AlertEventStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(AlertService alerts, HttpContext http)
    {
        var request = http.Request;
        var response = http.Response;
        if (!AlertQuery.TryFilter(request.Query, out var filter, out var error)
            || !AlertQuery.TryNumber(request.Query, "after", 0, 0, long.MaxValue, out var after, out error))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsJsonAsync(new AlertErrorResponse(error), AlertJsonContext.Default.AlertErrorResponse, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            return;
        }
        // Only changes within the caller's scope (src/Hub/Auth), before and after reconnects alike.
        if (AlertEndpoints.Scoped(http, ref filter) is { } refused)
        {
            await refused.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        long? resume = after > 0 ? after : null;
        if (request.Headers["Last-Event-ID"] is [{ } lastEventId] && long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            resume = last;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = http.RequestAborted;
        // Once subscribed (no change can fall in between), tell the browser to come back after 2 s when the
        // stream ends (hub restart, slow reader); the first bytes also tell it the stream is open.
        await using var changes = alerts.WatchAsync(filter, resume, () => Write(response, "retry: 2000\n\n", ct), ct).GetAsyncEnumerator(ct);
        var next = changes.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                var finished = await Task.WhenAny(next, Task.Delay(Heartbeat, ct)).ConfigureAwait(false);
                if (finished != next)
                {
                    ct.ThrowIfCancellationRequested();
                    await Write(response, ": keep-alive\n\n", ct).ConfigureAwait(false);
                    continue;
                }
                if (!await next.ConfigureAwait(false))
                {
                    return;
                }
                var change = changes.Current;
                var json = JsonSerializer.Serialize(AlertJsonMapping.From(change), AlertJsonContext.Default.AlertChangeJson);
                await Write(response, $"id: {change.EventId.ToString(CultureInfo.InvariantCulture)}\nevent: alert\ndata: {json}\n\n", ct).ConfigureAwait(false);
                next = changes.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
        catch (AlertFeedOverflowException)
        {
            // Too slow: end the stream; EventSource reconnects with Last-Event-ID and loses nothing.
        }
        finally
        {
            // The enumerator may still be inside MoveNextAsync; let it finish before it is disposed.
            try
            {
                await next.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or AlertFeedOverflowException)
            {
            }
        }
    }

    private static async Task Write(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
