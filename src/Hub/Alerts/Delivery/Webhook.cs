using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>A configured webhook, validated.</summary>
internal sealed record Webhook(string Name, Uri Url, byte[] Secret, AlertFilter Filter, WebhookOptions Options)
{
    /// <summary>Whether <paramref name="change"/> goes to this webhook.</summary>
    public bool Wants(AlertChange change) => (change.Notify || !Options.NotificationsOnly) && Filter.Matches(change.Alert);

    /// <summary>Wait before the attempt after <paramref name="failures"/> failures: initial × 2^(failures−1),
    /// capped, with up to 10 % jitter so that many deliveries failing together do not retry together.</summary>
    public TimeSpan Backoff(int failures)
    {
        var initial = Options.InitialBackoff > TimeSpan.Zero ? Options.InitialBackoff : TimeSpan.FromSeconds(1);
        var cap = Options.MaxBackoff >= initial ? Options.MaxBackoff : initial;
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var wait = Math.Min(exponential, cap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(wait * (1 + Random.Shared.NextDouble() * 0.1));
    }

    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static Dictionary<string, Webhook> FromOptions(IReadOnlyDictionary<string, WebhookOptions>? options)
    {
        var webhooks = new Dictionary<string, Webhook>(StringComparer.Ordinal);
        foreach (var (name, o) in options ?? new Dictionary<string, WebhookOptions>())
        {
            var at = $"Hub:Alerts:Webhooks:{name}";
            if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{at}:Url '{o.Url}' is not an absolute http:// or https:// URL.");
            }
            if (string.IsNullOrEmpty(o.Secret))
            {
                throw new InvalidOperationException($"{at}:Secret is required: receivers check the signature with it.");
            }
            if (o.MaxAttempts < 1)
            {
                throw new InvalidOperationException($"{at}:MaxAttempts must be at least 1.");
            }
            AlertSeverity? minimum = null;
            if (!string.IsNullOrWhiteSpace(o.MinSeverity))
            {
                minimum = AlertSeverityNames.TryParse(o.MinSeverity, out var severity) ? severity
                    : throw new InvalidOperationException($"{at}:MinSeverity '{o.MinSeverity}' is not advisory, warning, urgent or emergency.");
            }
            var filter = new AlertFilter(Empty(o.Clinic), Empty(o.Patient), minimum);
            webhooks.Add(name, new Webhook(name, url, System.Text.Encoding.UTF8.GetBytes(o.Secret), filter, o));
        }
        return webhooks;
    }

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
