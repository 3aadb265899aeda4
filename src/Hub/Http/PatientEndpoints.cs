using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TelemetryGateway.Core;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Dashboard;
using TelemetryGateway.Hub.Live;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub;

/// <summary>
/// The dashboard's patient API: <c>GET /api/patients</c> (each patient's newest BP and glucose, whether they
/// are in control, the follow-up due, and which devices synced when), <c>GET /api/patients/{id}</c> and
/// <c>GET /api/patients/{id}/trend?days=</c> (BP and glucose over weeks). Scoped to the viewer.
/// </summary>
internal static class PatientEndpoints
{
    private const int MaxTrendDays = 366;
    private static readonly string[] TrendKinds = [ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.Glucose];

    public static void Map(IEndpointRouteBuilder app, HubOptions options, IReadingStore store, LiveFeed live, TimeProvider time)
    {
        var targets = Targets(options.Dashboard);
        app.MapGet("/api/patients", async (HttpContext http, CancellationToken ct) =>
        {
            var scope = DashboardAccess.Scope(http);
            var now = time.GetUtcNow();
            var list = new List<PatientJson>();
            foreach (var id in KnownPatients(options, live))
            {
                if (scope.CanSeePatient(id))
                {
                    list.Add(await SummarizeAsync(id, options, store, now, ct).ConfigureAwait(false));
                }
            }
            return Results.Json(new PatientsResponse(list, targets, now), DashboardJsonContext.Default.PatientsResponse);
        });

        app.MapGet("/api/patients/{id}", async (string id, HttpContext http, CancellationToken ct) =>
        {
            if (!DashboardAccess.Scope(http).CanSeePatient(id))
            {
                return DashboardAccess.Forbidden(id);
            }
            var patient = await SummarizeAsync(id, options, store, time.GetUtcNow(), ct).ConfigureAwait(false);
            return Results.Json(patient, DashboardJsonContext.Default.PatientJson);
        });

        app.MapGet("/api/patients/{id}/trend", async (string id, HttpContext http, CancellationToken ct) =>
        {
            if (!DashboardAccess.Scope(http).CanSeePatient(id))
            {
                return DashboardAccess.Forbidden(id);
            }
            var days = 56;
            if (http.Request.Query["days"] is [{ } text] && (!int.TryParse(text, out days) || days < 1 || days > MaxTrendDays))
            {
                return Results.Json(new ErrorResponse($"days must be 1 to {MaxTrendDays}, not '{text}'."), HubJsonContext.Default.ErrorResponse,
                    statusCode: StatusCodes.Status400BadRequest);
            }
            var to = time.GetUtcNow();
            var from = to.AddDays(-days);
            var series = new List<TrendSeriesJson>();
            foreach (var kind in TrendKinds)
            {
                var readings = await store.QueryAsync(new ReadingQuery
                {
                    PatientId = id,
                    Kind = kind,
                    From = from,
                    To = to.AddMinutes(5),
                    Limit = 10_000,
                    Order = QueryOrder.OldestFirst,
                }, ct).ConfigureAwait(false);
                series.Add(new TrendSeriesJson(kind, ReadingKinds.TryGet(kind, out var info) ? info.Unit : "",
                    [.. readings.Select(r => new TrendPointJson(r.Reading.EffectiveTime, r.Reading.Value))]));
            }
            return Results.Json(new TrendResponse(id, from, to, series, targets), DashboardJsonContext.Default.TrendResponse);
        });
    }

    /// <summary>Configured patients first (in id order), then patients only the live feed has seen.</summary>
    internal static IEnumerable<string> KnownPatients(HubOptions options, LiveFeed live)
    {
        var seen = new SortedSet<string>(options.Patients.Keys, StringComparer.Ordinal);
        foreach (var monitor in live.Monitors.Snapshot())
        {
            if (monitor.PatientId is { } p)
            {
                seen.Add(p);
            }
        }
        return seen;
    }

    private static async Task<PatientJson> SummarizeAsync(string id, HubOptions options, IReadingStore store, DateTimeOffset now, CancellationToken ct)
    {
        var latest = await store.LatestAsync(ReadingScope.Patient(id), ct).ConfigureAwait(false);
        var systolic = Point(latest, ReadingKinds.BpSystolic);
        var diastolic = Point(latest, ReadingKinds.BpDiastolic);
        var glucose = Point(latest, ReadingKinds.Glucose);
        var targets = options.Dashboard;
        var reasons = new List<string>();
        if (systolic?.Value >= targets.SystolicHigh || diastolic?.Value >= targets.DiastolicHigh)
        {
            reasons.Add("bp-high");
        }
        if (glucose?.Value > targets.GlucoseHigh)
        {
            reasons.Add("glucose-high");
        }
        if (glucose?.Value < targets.GlucoseLow)
        {
            reasons.Add("glucose-low");
        }
        DateTimeOffset? lastVisit = new[] { systolic?.Time, glucose?.Time }.Max();
        DateTimeOffset? due = lastVisit?.AddDays(targets.FollowUpDays);
        var devices = latest.Values
            .GroupBy(r => r.Reading.DeviceId, StringComparer.Ordinal)
            .Select(g =>
            {
                var newest = g.MaxBy(r => r.Reading.EffectiveTime)!;
                return new DeviceSyncJson(g.Key, [.. g.Select(r => r.Reading.Kind).Order(StringComparer.Ordinal)],
                    newest.Reading.EffectiveTime, g.Max(r => r.StoredAt), newest.GatewayId);
            })
            .OrderByDescending(d => d.LastMeasured)
            .ToList();
        options.Patients.TryGetValue(id, out var configured);
        return new PatientJson(id, configured?.Name, configured?.Clinic, configured?.VillageDoctor, systolic, diastolic, glucose,
            reasons, lastVisit, due, due is null || due < now, devices);
    }

    private static PointJson? Point(IReadOnlyDictionary<string, StoredReading> latest, string kind) =>
        latest.TryGetValue(kind, out var stored)
            ? new PointJson(stored.Reading.Value, stored.Reading.Unit, stored.Reading.EffectiveTime, stored.Reading.DeviceId)
            : null;

    private static TargetsJson Targets(DashboardOptions o) => new(o.SystolicHigh, o.DiastolicHigh, o.GlucoseLow, o.GlucoseHigh, o.FollowUpDays);
}
