using System.Text.Json;
using System.Threading.Channels;

namespace TelemetryGateway.Hub.Alerts;

public sealed partial class AlertService
{
    private const int DeliveryBatch = 32;

    private readonly Dictionary<string, Webhook> _webhooks;
    private readonly WebhookSender _sender;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Deliveries by webhook and state (pending, delivered, failed).</summary>
    public Task<Dictionary<(string Webhook, string State), long>> WebhookDeliveriesAsync(CancellationToken ct) =>
        ReadAsync(store => store.DeliveryCounts(), ct);

    private bool QueueDeliveries(AlertChange change, DateTimeOffset now)
    {
        var queued = false;
        foreach (var webhook in _webhooks.Values)
        {
            if (webhook.Wants(change))
            {
                _store.Enqueue(webhook.Name, change.EventId, now);
                queued = true;
            }
        }
        return queued;
    }

    /// <summary>Sends what the outbox holds when it is due, until the hub stops. The outbox is in the alert
    /// database, so deliveries pending at a restart carry on after it.</summary>
    private async Task RunDeliveriesAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var due = await ReadAsync(store => store.DueDeliveries(_time.GetUtcNow(), DeliveryBatch), ct).ConfigureAwait(false);
                foreach (var delivery in due)
                {
                    await DeliverAsync(delivery, ct).ConfigureAwait(false);
                }
                if (due.Count == DeliveryBatch)
                {
                    continue;
                }
                var next = await ReadAsync(store => store.NextDeliveryDue(), ct).ConfigureAwait(false);
                var wait = next is { } at ? at - _time.GetUtcNow() : TimeSpan.FromMinutes(1);
                if (wait > TimeSpan.Zero)
                {
                    await WaitForWorkAsync(wait, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AlertLog.BackgroundFailed(_logger, ex, "webhook delivery");
                try
                {
                    await WaitForWorkAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var attempt = delivery.Attempts + 1;
        if (!_webhooks.TryGetValue(delivery.Webhook, out var webhook))
        {
            await ReadAsync(store => { store.DeliveryGivenUp(delivery.Id, delivery.Attempts, "webhook no longer configured"); return 0; }, ct).ConfigureAwait(false);
            return;
        }
        var change = await ReadAsync(store => store.Event(delivery.EventId), ct).ConfigureAwait(false);
        if (change is null)
        {
            await ReadAsync(store => { store.DeliveryGivenUp(delivery.Id, attempt, "audit entry missing"); return 0; }, ct).ConfigureAwait(false);
            return;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(AlertJsonMapping.From(change), AlertJsonContext.Default.AlertChangeJson);
        var (error, transient) = await _sender.SendAsync(webhook, change.EventId, body, attempt, _time.GetUtcNow(), ct).ConfigureAwait(false);
        if (error is null)
        {
            _metrics.Webhook(webhook.Name, "delivered");
            await ReadAsync(store => { store.DeliverySucceeded(delivery.Id, attempt); return 0; }, ct).ConfigureAwait(false);
        }
        else if (transient && attempt < webhook.Options.MaxAttempts)
        {
            _metrics.Webhook(webhook.Name, "failed");
            var wait = webhook.Backoff(attempt);
            AlertLog.WebhookRetry(_logger, webhook.Name, attempt, change.EventId, error, wait);
            await ReadAsync(store => { store.DeliveryFailed(delivery.Id, attempt, _time.GetUtcNow() + wait, error); return 0; }, ct).ConfigureAwait(false);
        }
        else
        {
            _metrics.Webhook(webhook.Name, "gave-up");
            AlertLog.WebhookGaveUp(_logger, webhook.Name, change.EventId, attempt, error);
            await ReadAsync(store => { store.DeliveryGivenUp(delivery.Id, attempt, error); return 0; }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="wait"/> has passed on the hub clock or a change queues a delivery.</summary>
    private async Task WaitForWorkAsync(TimeSpan wait, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await _wake.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The wait is over: look at the outbox again.
        }
    }
}
