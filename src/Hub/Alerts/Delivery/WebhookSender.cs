using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>
/// POSTs one change to a webhook. Headers (README.md "Webhooks"):
/// <c>X-TG-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;." + body)&gt;</c>,
/// <c>Idempotency-Key: &lt;hub id&gt;:&lt;event id&gt;</c> (the same on every attempt), <c>X-TG-Event-Id</c>,
/// <c>X-TG-Attempt</c>.
/// </summary>
internal sealed class WebhookSender(string hubId, HttpMessageHandler? handler) : IDisposable
{
    public const string SignatureHeader = "X-TG-Signature";
    public const string EventIdHeader = "X-TG-Event-Id";
    public const string AttemptHeader = "X-TG-Attempt";
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly HttpClient _client = new(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: handler is null)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The attempt's outcome: null when delivered, else what went wrong and whether a retry may help.</summary>
    public async Task<(string? Error, bool Transient)> SendAsync(Webhook webhook, long eventId, byte[] body, int attempt, DateTimeOffset now, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(webhook.Options.Timeout > TimeSpan.Zero ? webhook.Options.Timeout : TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(webhook.Secret, now.ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, $"{hubId}:{eventId}");
        request.Headers.TryAddWithoutValidation(EventIdHeader, eventId.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("TelemetryGateway-Hub", "1"));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (null, false);
            }
            var status = (int)response.StatusCode;
            return ($"HTTP {status} {response.ReasonPhrase}", IsTransient(response.StatusCode));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ("timed out", true);
        }
        catch (HttpRequestException ex)
        {
            return (ex.Message, true);
        }
    }

    /// <summary>The signature header value: <c>t=&lt;unix seconds&gt;,v1=&lt;lowercase hex HMAC-SHA256 of "&lt;t&gt;." + body&gt;</c>.
    /// Signing the time with the body lets a receiver refuse an old request replayed to it.</summary>
    public static string Sign(byte[] secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(secret, signed);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Server errors, timeouts and throttling are worth retrying; other refusals (a wrong URL, a bad
    /// signature) are not until someone changes the configuration.</summary>
    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public void Dispose() => _client.Dispose();
}
