using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Core.Alerts;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>One POST as the receiver saw it.</summary>
public sealed record WebhookRequest(IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At, HttpStatusCode Answer);

/// <summary>An SMS gateway's webhook endpoint: a real HTTP listener (Kestrel) on a random loopback port that
/// refuses the first <see cref="Failures"/> requests with 503, then accepts.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Failures { get; init; }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    public static async Task<WebhookReceiver> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Failures = failures };
        app.MapPost("/sms", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/sms");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived (a hang fails after 60 s).</summary>
    public async Task WaitForAsync(int count)
    {
        for (var seen = _requests.Count; seen < count; seen++)
        {
            Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(60)), $"the webhook got {_requests.Count} of {count} requests within 60 s");
        }
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var answer = Interlocked.Increment(ref _count) <= Failures ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new WebhookRequest(headers, body.ToArray(), DateTimeOffset.UtcNow, answer));
        http.Response.StatusCode = (int)answer;
        _arrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}

/// <summary>Webhooks for SMS or messaging gateways: retried until the receiver takes the change, signed every time.</summary>
public sealed class WebhookTests
{
    private const string Secret = "sms-gateway-shared-secret";

    /// <summary>The receiver's check (README.md "Webhooks"): HMAC-SHA256(secret, "&lt;t&gt;." + body) in hex, compared in constant time.</summary>
    private static bool SignatureValid(string header, byte[] body, out long unixSeconds)
    {
        unixSeconds = 0;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds))
        {
            return false;
        }
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), (byte[])[.. Encoding.ASCII.GetBytes(t + "."), .. body]);
        return CryptographicOperations.FixedTimeEquals(mac, Convert.FromHexString(v1));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_alert_on_the_third_try_signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
        await using var hub = await AlertHub.StartAsync(settings =>
        {
            settings["Hub:Alerts:Webhooks:sms:Url"] = receiver.Url.ToString();
            settings["Hub:Alerts:Webhooks:sms:Secret"] = Secret;
            settings["Hub:Alerts:Webhooks:sms:InitialBackoff"] = "00:00:00.050";
            settings["Hub:Alerts:Webhooks:sms:MaxBackoff"] = "00:00:00.200";
        });

        await hub.Host.Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, systolic: 186), "gw-1", default);
        await receiver.WaitForAsync(3);

        var requests = receiver.Requests;
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], requests.Select(r => r.Answer));
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Headers["X-TG-Attempt"]));
        // One change, one idempotency key on every attempt: a receiver that got a "failed" request twice can tell.
        Assert.Single(requests.Select(r => r.Headers["Idempotency-Key"]).Distinct());
        Assert.Single(requests.Select(r => Convert.ToBase64String(r.Body)).Distinct());

        var delivered = requests[2];
        Assert.True(SignatureValid(delivered.Headers["X-TG-Signature"], delivered.Body, out var signedAt), delivered.Headers["X-TG-Signature"]);
        Assert.InRange(signedAt, delivered.At.AddMinutes(-5).ToUnixTimeSeconds(), delivered.At.AddMinutes(5).ToUnixTimeSeconds());
        Assert.False(SignatureValid(delivered.Headers["X-TG-Signature"], [.. delivered.Body, (byte)' '], out _));
        Assert.StartsWith("application/json", delivered.Headers["Content-Type"], StringComparison.Ordinal);

        using var json = JsonDocument.Parse(delivered.Body);
        Assert.Equal("raised", json.RootElement.GetProperty("action").GetString());
        Assert.True(json.RootElement.GetProperty("notify").GetBoolean());
        var alert = json.RootElement.GetProperty("alert");
        Assert.Equal(("bp.hypertension", "patient-1", "urgent"),
            (alert.GetProperty("ruleId").GetString(), alert.GetProperty("patientId").GetString(), alert.GetProperty("severity").GetString()));
        Assert.Equal(delivered.Headers["X-TG-Event-Id"], json.RootElement.GetProperty("eventId").GetInt64().ToString(CultureInfo.InvariantCulture));

        // Delivered once: no fourth request, and the outbox says so.
        Dictionary<(string, string), long> counts = [];
        for (var i = 0; i < 100 && !counts.ContainsKey(("sms", "delivered")); i++)
        {
            counts = await hub.Host.Alerts.WebhookDeliveriesAsync(default);
            await Task.Delay(20);
        }
        Assert.Equal(1, counts[("sms", "delivered")]);
        Assert.Equal(3, receiver.Requests.Count);
    }
}
