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
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _ping);
            request.Headers.Authorization = authorization;
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<string> SendAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var startedAt = retry.Time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            IOException failure;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _query) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Authorization = authorization;
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    retry.Succeeded();
                    return text;
                }
                var message = $"{_query} answered {status} {response.ReasonPhrase}: {LineProtocolSender.ErrorMessage(text)}";
                if (status < 500 && response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout))
                {
                    retry.Failed(message, retrying: false);
                    throw new InvalidOperationException(message);
                }
                failure = new IOException(message);
                retryAfter = LineProtocolSender.RetryAfter(response, retry.Time);
            }
            catch (HttpRequestException ex)
            {
                failure = new IOException($"{_query} could not be reached: {ex.Message}", ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new IOException($"{_query} did not answer in time.", ex);
            }
            var next = retry.NextDelay(attempt, startedAt, retryAfter);
            retry.Failed(failure.Message, next is not null);
            if (next is not { } delay)
            {
                throw failure;
            }
            await Task.Delay(delay, retry.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
