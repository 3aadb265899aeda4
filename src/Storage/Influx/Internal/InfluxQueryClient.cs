using System.Net;
using System.Net.Http.Headers;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>Runs InfluxQL through <c>POST /query</c> (InfluxDB 1.x, and 2.x's v1 compatibility API) with
/// <c>epoch=ns</c> and chunked results, retrying transient failures like writes.</summary>
internal sealed class InfluxQueryClient(HttpClient http, Uri baseUrl, string database, string? retentionPolicy, AuthenticationHeaderValue? authorization, RetryPolicy retry)
{
    private readonly Uri _query = new(baseUrl, "query");
    private readonly Uri _ping = new(baseUrl, "ping");

    /// <summary>Runs <paramref name="statements"/> (joined with ';' into one request) and returns each one's series.</summary>
    public async Task<List<List<InfluxSeries>>> QueryAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("db", database),
            new("q", string.Join(";\n", statements)),
            new("epoch", "ns"),
            new("chunked", "true"),
            new("chunk_size", "10000"),
        };
        if (!string.IsNullOrEmpty(retentionPolicy))
        {
            form.Add(new("rp", retentionPolicy));
        }
        var body = await SendAsync(form, cancellationToken).ConfigureAwait(false);
        return InfluxResult.Parse(body, statements.Count);
    }

    /// <summary>Runs one statement that changes state (e.g. <c>CREATE DATABASE</c>), without a database.</summary>
    public async Task ExecuteAsync(string statement, CancellationToken cancellationToken)
    {
        var body = await SendAsync([new("q", statement)], cancellationToken).ConfigureAwait(false);
        InfluxResult.Parse(body, 1);
    }

    /// <summary>True when <c>/ping</c> answers 204.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        BackendHttp.AnswersAsync(http, _ping, authorization, HttpStatusCode.NoContent, cancellationToken);

    private Task<string> SendAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        BackendHttp.SendAsync(
            http,
            retry,
            _query.ToString(),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, _query) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Authorization = authorization;
                return request;
            },
            (response, text) => $"{_query} answered {(int)response.StatusCode} {response.ReasonPhrase}: {LineProtocolSender.ErrorMessage(text)}",
            cancellationToken);
}
