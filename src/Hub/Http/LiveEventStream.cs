using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TelemetryGateway.Core;
using TelemetryGateway.Hub.Ambulances;
using TelemetryGateway.Hub.Auth;
using TelemetryGateway.Hub.Live;

namespace TelemetryGateway.Hub;

/// <summary>
/// <c>GET /api/live?patient=…&amp;waveforms=true|false</c>: server-sent events (HTML Living Standard §9.2) of
/// readings as they become durable. Events: <c>clock</c> first and with every heartbeat (the hub clock),
/// <c>reading</c> (numerics), <c>waveform</c> (chunks, values in µV), <c>gateway</c> (a gateway's status when
/// its connection or buffer changes), <c>ambulance</c> (a <c>/api/ambulances</c> entry when its position, ETA or
/// monitor status changes, so a monitor's alarm reaches the page within a second). There is no replay: after a reconnect the page re-reads the gap from
/// <c>/api/readings</c>, which holds everything durable. Only readings and gateways in the caller's scope (src/Hub/Auth) are sent.
/// </summary>
internal static class LiveEventStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GatewayPoll = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(HttpContext http, LiveFeed live, GatewayRegistry gateways, AmbulanceRegistry ambulances, TimeProvider time)
    {
        var scope = DashboardAccess.Scope(http);
        var query = http.Request.Query;
        var patients = query["patient"].Where(p => !string.IsNullOrEmpty(p)).ToHashSet(StringComparer.Ordinal);
        foreach (var p in patients)
        {
            if (!scope.CanSeePatient(p))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsJsonAsync(new ErrorResponse($"Patient {p} is not in your scope."), HubJsonContext.Default.ErrorResponse, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                return;
            }
        }
        var waveforms = !string.Equals(query["waveforms"], "false", StringComparison.OrdinalIgnoreCase);
        bool Accepts(Reading r)
        {
            if (r.Waveform is not null && !waveforms)
            {
                return false;
            }
            if (patients.Count > 0 && (r.PatientId is null || !patients.Contains(r.PatientId)))
            {
                return false;
            }
            return scope.CanSeeReading(r.PatientId, r.DeviceId);
        }

        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = http.RequestAborted;
        using var subscription = live.Subscribe(Accepts);
        var reader = subscription.Reader;
        var gatewayState = new Dictionary<string, (bool Connected, long? Buffered)>(StringComparer.Ordinal);
        var ambulanceState = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        try
        {
            text.Append("retry: 2000\n\n");
            AppendClock(text, time);
            AppendGateways(text, gateways, scope, gatewayState);
            AppendAmbulances(text, ambulances, scope, ambulanceState);
            await FlushAsync(response, text, ct).ConfigureAwait(false);
            var lastBeat = time.GetTimestamp();
            var wait = reader.WaitToReadAsync(ct).AsTask();
            while (true)
            {
                var finished = await Task.WhenAny(wait, Task.Delay(GatewayPoll, time, ct)).ConfigureAwait(false);
                if (finished == wait)
                {
                    if (!await wait.ConfigureAwait(false))
                    {
                        return;
                    }
                    // Drain what is queued into one write: at 1 Hz vitals plus 250 Hz ECG that is one flush a second.
                    while (reader.TryRead(out var item))
                    {
                        Append(text, item);
                    }
                    wait = reader.WaitToReadAsync(ct).AsTask();
                }
                ct.ThrowIfCancellationRequested();
                AppendGateways(text, gateways, scope, gatewayState);
                AppendAmbulances(text, ambulances, scope, ambulanceState);
                if (time.GetElapsedTime(lastBeat) >= Heartbeat)
                {
                    AppendClock(text, time);
                    lastBeat = time.GetTimestamp();
                }
                if (text.Length > 0)
                {
                    await FlushAsync(response, text, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
        catch (LiveFeedOverflowException)
        {
            // Too slow: the stream ends; EventSource reconnects and the page re-reads the gap.
        }
    }

    private static void Append(StringBuilder text, LiveReading item)
    {
        var r = item.Reading;
        var priority = r.Priority.ToString().ToLowerInvariant();
        if (r.Waveform is { } wave)
        {
            var span = wave.Samples.Span;
            var values = new double[span.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = span[i] * wave.Resolution;
            }
            var json = JsonSerializer.Serialize(new LiveWaveformJson(r.PatientId, r.DeviceId, item.GatewayId, r.Kind, wave.Lead,
                wave.SampleRateHz, wave.StartTime, priority, values), DashboardJsonContext.Default.LiveWaveformJson);
            text.Append("event: waveform\ndata: ").Append(json).Append("\n\n");
            return;
        }
        var reading = JsonSerializer.Serialize(new LiveReadingJson(r.PatientId, r.DeviceId, item.GatewayId, r.Kind, r.Value, r.Unit,
            r.EffectiveTime, priority), DashboardJsonContext.Default.LiveReadingJson);
        text.Append("event: reading\ndata: ").Append(reading).Append("\n\n");
    }

    private static void AppendClock(StringBuilder text, TimeProvider time) =>
        text.Append("event: clock\ndata: ")
            .Append(JsonSerializer.Serialize(new LiveClockJson(time.GetUtcNow()), DashboardJsonContext.Default.LiveClockJson))
            .Append("\n\n");

    /// <summary>A gateway's status goes out when its connection or its reported buffer changed since the last look.</summary>
    private static void AppendGateways(StringBuilder text, GatewayRegistry gateways, AccessScope scope, Dictionary<string, (bool, long?)> seen)
    {
        foreach (var g in gateways.Snapshot().Where(g => scope.CanSeeGateway(g.Id)))
        {
            var state = (g.Connected, g.BufferedReadings);
            if (seen.TryGetValue(g.Id, out var before) && before == state)
            {
                continue;
            }
            seen[g.Id] = state;
            text.Append("event: gateway\ndata: ").Append(JsonSerializer.Serialize(g, DashboardJsonContext.Default.GatewaySnapshot)).Append("\n\n");
        }
    }

    /// <summary>An ambulance goes out when anything of it (position, ETA, monitor status, last seen) changed since the
    /// last look: a handful of units, so comparing their JSON is the simplest exact test.</summary>
    private static void AppendAmbulances(StringBuilder text, AmbulanceRegistry ambulances, AccessScope scope, Dictionary<string, string> seen)
    {
        foreach (var a in ambulances.Snapshot(scope))
        {
            var json = JsonSerializer.Serialize(a, AmbulanceJsonContext.Default.AmbulanceJson);
            if (seen.TryGetValue(a.Unit, out var before) && before == json)
            {
                continue;
            }
            seen[a.Unit] = json;
            text.Append("event: ambulance\ndata: ").Append(json).Append("\n\n");
        }
    }

    private static async Task FlushAsync(HttpResponse response, StringBuilder text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
        text.Clear();
    }
}
