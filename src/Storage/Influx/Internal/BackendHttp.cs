using System.Net;
using System.Net.Http.Headers;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>The HTTP the line-protocol stores share besides writes: a request retried through
/// <see cref="RetryPolicy"/> (InfluxQL <c>/query</c>; VictoriaMetrics' export, flush, snapshot and flags),
/// the health probe, and which answers are worth retrying (writes use those too).</summary>
internal static class BackendHttp
{
    /// <summary>True for an answer that may succeed later: 5xx, 408 or 429. Any other failure is the
    /// request's or the credentials' fault and is never retried.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>How long the server asked to wait (<c>Retry-After</c> as seconds or as a date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        if (header.Delta is { } delta)
        {
            return delta;
        }
        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>Sends a request made by <paramref name="build"/> (a new one per attempt) and returns the body of
    /// a success. No answer, or a transient one, is retried; when the policy gives up, an <see cref="IOException"/>.
    /// Any other failed answer throws <see cref="InvalidOperationException"/> at once.</summary>
    /// <param name="target">Names the endpoint in the messages of unanswered attempts.</param>
    /// <param name="failure">The message of a failed answer, from the response and its body.</param>
    public static async Task<string> SendAsync(
        HttpClient http, RetryPolicy retry, string target, Func<HttpRequestMessage> build, Func<HttpResponseMessage, string, string> failure, CancellationToken cancellationToken)
    {
        var startedAt = retry.Time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            IOException error;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = build();
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    retry.Succeeded();
                    return text;
                }
                var message = failure(response, text);
                if (!IsTransient(response.StatusCode))
                {
                    retry.Failed(message, retrying: false);
                    throw new InvalidOperationException(message);
                }
                error = new IOException(message);
                retryAfter = RetryAfter(response, retry.Time);
            }
            catch (HttpRequestException ex)
            {
                error = new IOException($"{target} could not be reached: {ex.Message}", ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = new IOException($"{target} did not answer in time.", ex);
            }
            var next = retry.NextDelay(attempt, startedAt, retryAfter);
            retry.Failed(error.Message, next is not null);
            if (next is not { } delay)
            {
                throw error;
            }
            await Task.Delay(delay, retry.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when a GET of <paramref name="uri"/> answers <paramref name="healthy"/>; false when it
    /// answers anything else, cannot be reached or times out (a probe, never retried nor counted).</summary>
    public static async Task<bool> AnswersAsync(HttpClient http, Uri uri, AuthenticationHeaderValue? authorization, HttpStatusCode healthy, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = authorization;
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == healthy;
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
}
