namespace TelemetryGateway.Hub.Alerts;

/// <summary>A pending webhook delivery of one audit entry.</summary>
internal sealed record WebhookDelivery(long Id, string Webhook, long EventId, int Attempts);

internal sealed partial class AlertStore
{
    private const int Pending = 0;
    private const int Delivered = 1;
    private const int GivenUp = 2;

    /// <summary>Queues the delivery of <paramref name="eventId"/> to <paramref name="webhook"/> (in the
    /// change's own transaction: a committed change is never without its pending deliveries).</summary>
    public void Enqueue(string webhook, long eventId, DateTimeOffset now)
    {
        using var command = Command("""
            INSERT OR IGNORE INTO webhook_outbox (webhook, event_id, attempts, next_attempt, state)
            VALUES ($webhook, $event, 0, $now, 0)
            """);
        command.Parameters.AddWithValue("$webhook", webhook);
        command.Parameters.AddWithValue("$event", eventId);
        command.Parameters.AddWithValue("$now", Ms(now));
        command.ExecuteNonQuery();
    }

    /// <summary>Pending deliveries due at <paramref name="now"/>, oldest first.</summary>
    public List<WebhookDelivery> DueDeliveries(DateTimeOffset now, int limit)
    {
        using var command = Command("""
            SELECT id, webhook, event_id, attempts FROM webhook_outbox
            WHERE state = 0 AND next_attempt <= $now ORDER BY id LIMIT $limit
            """);
        command.Parameters.AddWithValue("$now", Ms(now));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var due = new List<WebhookDelivery>();
        while (reader.Read())
        {
            due.Add(new WebhookDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3)));
        }
        return due;
    }

    /// <summary>When the next pending delivery is due; null when none is pending.</summary>
    public DateTimeOffset? NextDeliveryDue()
    {
        using var command = Command("SELECT min(next_attempt) FROM webhook_outbox WHERE state = 0");
        return command.ExecuteScalar() is long ms ? Time(ms) : null;
    }

    public void DeliverySucceeded(long id, int attempts) => SetDelivery(id, attempts, Delivered, null, null);

    public void DeliveryFailed(long id, int attempts, DateTimeOffset nextAttempt, string error) => SetDelivery(id, attempts, Pending, nextAttempt, error);

    public void DeliveryGivenUp(long id, int attempts, string error) => SetDelivery(id, attempts, GivenUp, null, error);

    /// <summary>Deliveries by webhook and state ("pending", "delivered", "failed"): for tests and the API.</summary>
    public Dictionary<(string Webhook, string State), long> DeliveryCounts()
    {
        using var command = Command("SELECT webhook, state, count(*) FROM webhook_outbox GROUP BY webhook, state");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(string, string), long>();
        while (reader.Read())
        {
            var state = reader.GetInt32(1) switch { Pending => "pending", Delivered => "delivered", _ => "failed" };
            counts[(reader.GetString(0), state)] = reader.GetInt64(2);
        }
        return counts;
    }

    private void SetDelivery(long id, int attempts, int state, DateTimeOffset? nextAttempt, string? error)
    {
        using var command = Command("""
            UPDATE webhook_outbox SET attempts = $attempts, state = $state,
                next_attempt = coalesce($next, next_attempt), last_error = $error
            WHERE id = $id
            """);
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$state", state);
        command.Parameters.AddWithValue("$next", Ms(nextAttempt));
        command.Parameters.AddWithValue("$error", Db(error));
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }
}
