using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>POSTs line protocol to a write endpoint (InfluxDB 1.x <c>/write</c>, 2.x <c>/api/v2/write</c>,
/// VictoriaMetrics <c>/write</c>), gzip-compressed, retrying transient failures through <see cref="RetryPolicy"/>.</summary>
/// <remarks>Returns only once the server answered 204 (InfluxDB: the points are in its WAL). Transient
/// means no response, 5xx, 408 or 429; any other 4xx is the data's or the credentials' fault and is
/// reported at once with the points the server named (<see cref="InfluxWriteException.Rejections"/>).</remarks>
internal sealed class LineProtocolSender(HttpClient http, Uri endpoint, AuthenticationHeaderValue? authorization, bool gzip, RetryPolicy retry, ILogger logger)
{
    public Uri Endpoint { get; } = endpoint;

    /// <summary>Sends the lines of <paramref name="lines"/>; <paramref name="indexOfLine"/> maps a line the
    /// server quotes back to its index in the caller's batch.</summary>
    public async Task SendAsync(LineProtocolWriter lines, Func<string, int?> indexOfLine, CancellationToken cancellationToken)
    {
        var body = Encode(lines, gzip);
        var startedAt = retry.Time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            InfluxWriteException failure;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
                request.Headers.Authorization = authorization;
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
                if (gzip)
                {
                    content.Headers.ContentEncoding.Add("gzip");
                }
                request.Content = content;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    retry.Succeeded();
                    return;
                }
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var message = ErrorMessage(text);
                var transient = BackendHttp.IsTransient(response.StatusCode);
                failure = new InfluxWriteException(
                    $"{Endpoint.GetLeftPart(UriPartial.Path)} answered {status} {response.ReasonPhrase}: {message}",
                    status, transient, transient ? null : Rejections(message, indexOfLine));
                retryAfter = BackendHttp.RetryAfter(response, retry.Time);
            }
            catch (HttpRequestException ex)
            {
                failure = new InfluxWriteException($"{Endpoint.GetLeftPart(UriPartial.Path)} could not be reached: {ex.Message}", null, true, inner: ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new InfluxWriteException($"{Endpoint.GetLeftPart(UriPartial.Path)} did not answer in time.", null, true, inner: ex);
            }

            var next = failure.IsTransient ? retry.NextDelay(attempt, startedAt, retryAfter) : null;
            retry.Failed(failure.Message, next is not null);
            if (next is not { } delay)
            {
                InfluxLog.WriteFailed(logger, failure, lines.LineCount, attempt);
                throw failure;
            }
            InfluxLog.WriteRetrying(logger, failure.Message, attempt, delay);
            await Task.Delay(delay, retry.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>UTF-8 of the lines, gzip-compressed (fastest level: the text is repetitive, so even the
    /// fastest level shrinks it about tenfold, and the CPU it saves is the hub's).</summary>
    private static byte[] Encode(LineProtocolWriter lines, bool gzip)
    {
        var raw = new byte[lines.Utf8Length()];
        lines.CopyUtf8To(raw);
        if (!gzip)
        {
            return raw;
        }
        using var compressed = new MemoryStream(raw.Length / 6 + 64);
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(raw);
        }
        return compressed.ToArray();
    }

    /// <summary>The error text of an InfluxDB 1.x (<c>{"error":…}</c>), 2.x (<c>{"code":…,"message":…}</c>)
    /// or VictoriaMetrics (plain text) error body.</summary>
    internal static string ErrorMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString()!;
                }
                if (json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the message.
        }
        return body.Trim();
    }

    /// <summary>The points named in an error: InfluxDB quotes each line it could not parse as
    /// <c>unable to parse '&lt;line&gt;': &lt;reason&gt;</c> (one per line of the message); a
    /// "partial write" names only a count (<c>dropped=N</c>) and a reason for all of them.</summary>
    internal static IReadOnlyList<PointRejection> Rejections(string message, Func<string, int?> indexOfLine)
    {
        const string Prefix = "unable to parse '";
        var rejections = new List<PointRejection>();
        var at = 0;
        while ((at = message.IndexOf(Prefix, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + Prefix.Length;
            var end = message.IndexOf("': ", start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            var line = message[start..end];
            var next = message.IndexOf(Prefix, end, StringComparison.Ordinal);
            var reason = (next < 0 ? message[(end + 3)..] : message[(end + 3)..next]).Trim();
            rejections.Add(new PointRejection(indexOfLine(line), line, reason));
            at = end;
        }
        return rejections;
    }
}
