using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TelemetryGateway.Storage.Influx.Internal;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

/// <summary>One exported series: its labels (without <c>__name__</c>) and (timestamp ms, value) samples.</summary>
internal sealed record VmSeries(string Name, IReadOnlyDictionary<string, string> Labels, long[] Timestamps, double[] Values);

/// <summary>VictoriaMetrics' own HTTP API: <c>/api/v1/export</c> (raw samples as JSON lines),
/// <c>/internal/force_flush</c> and <c>/health</c>.</summary>
internal sealed class VmExportClient(HttpClient http, Uri baseUrl, AuthenticationHeaderValue? authorization, RetryPolicy retry, string? snapshotAuthKey = null)
{
    private readonly Uri _export = new(baseUrl, "api/v1/export");
    private readonly Uri _flush = new(baseUrl, "internal/force_flush");
    private readonly Uri _health = new(baseUrl, "health");

    /// <summary>Raw samples of every series matching any of <paramref name="selectors"/> with a timestamp in
    /// [<paramref name="startMs"/>, <paramref name="endMs"/>] (both optional).</summary>
    public async Task<List<VmSeries>> ExportAsync(IEnumerable<string> selectors, long? startMs, long? endMs, CancellationToken cancellationToken)
    {
        var form = selectors.Select(s => new KeyValuePair<string, string>("match[]", s)).ToList();
        if (startMs is { } start)
        {
            form.Add(new("start", Seconds(start)));
        }
        if (endMs is { } end)
        {
            form.Add(new("end", Seconds(end)));
        }
        var body = await SendAsync(HttpMethod.Post, _export, form, cancellationToken).ConfigureAwait(false);
        var series = new List<VmSeries>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var name = "";
            foreach (var label in root.GetProperty("metric").EnumerateObject())
            {
                if (label.Name == "__name__")
                {
                    name = label.Value.GetString() ?? "";
                }
                else
                {
                    labels[label.Name] = label.Value.GetString() ?? "";
                }
            }
            var timestamps = root.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToArray();
            var values = root.GetProperty("values").EnumerateArray().Select(Number).ToArray();
            series.Add(new VmSeries(name, labels, timestamps, values));
        }
        return series;
    }

    /// <summary>Makes everything written so far searchable (and hands it to storage) now instead of within
    /// a second or two: the hub reads its own writes right after acknowledging them.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, _flush, null, cancellationToken);

    /// <summary>Makes everything written so far durable: VictoriaMetrics keeps new samples in memory (a
    /// SIGKILL a few seconds after <c>force_flush</c> still loses them: measured), but creating a snapshot
    /// writes every in-memory part to disk first. The snapshot (hard links) is deleted right after.</summary>
    public async Task PersistAsync(CancellationToken cancellationToken)
    {
        var key = string.IsNullOrEmpty(snapshotAuthKey) ? "" : "authKey=" + Uri.EscapeDataString(snapshotAuthKey);
        var created = await SendAsync(HttpMethod.Get, new Uri(baseUrl, "snapshot/create" + (key.Length > 0 ? "?" + key : "")), null, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(created);
        if (!json.RootElement.TryGetProperty("snapshot", out var name) || name.GetString() is not { Length: > 0 } snapshot)
        {
            throw new IOException($"VictoriaMetrics did not create a snapshot: {created.Trim()}");
        }
        var delete = "snapshot/delete?snapshot=" + Uri.EscapeDataString(snapshot) + (key.Length > 0 ? "&" + key : "");
        await SendAsync(HttpMethod.Get, new Uri(baseUrl, delete), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>/flags</c> page: the flags VictoriaMetrics was started with, one <c>-name="value"</c> per line.</summary>
    public Task<string> FlagsAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, new Uri(baseUrl, "flags"), null, cancellationToken);

    public Task<bool> HealthyAsync(CancellationToken cancellationToken) =>
        BackendHttp.AnswersAsync(http, _health, authorization, HttpStatusCode.OK, cancellationToken);

    /// <summary>Unix seconds with milliseconds, the form VictoriaMetrics takes for start and end.</summary>
    private static string Seconds(long ms) => (ms / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>VictoriaMetrics writes special values as strings ("NaN", "Inf"); we never store them.</summary>
    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : double.Parse(value.GetString() ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture);

    private Task<string> SendAsync(HttpMethod method, Uri uri, List<KeyValuePair<string, string>>? form, CancellationToken cancellationToken) =>
        BackendHttp.SendAsync(
            http,
            retry,
            uri.GetLeftPart(UriPartial.Path),
            () =>
            {
                var request = new HttpRequestMessage(method, uri);
                request.Headers.Authorization = authorization;
                if (form is not null)
                {
                    request.Content = new FormUrlEncodedContent(form);
                }
                return request;
            },
            (response, text) => $"{uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}: {text.Trim()}",
            cancellationToken);
}
