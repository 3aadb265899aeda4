using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Monitors;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>
/// One MQTT message in, readings durable in the buffer out. Transports (our client, the embedded broker's
/// ingest hook) await <see cref="HandleAsync"/> and acknowledge the message only when it returns: by then the
/// readings are committed (or the message was refused as malformed, counted and logged, when a redelivery
/// could not help).
/// </summary>
internal sealed class MonitorIngest(
    IReadingSink sink, MonitorLiveness liveness, MqttSourceMetrics metrics, TimeProvider time, ILogger logger)
{
    /// <summary>Distinct (device, code, reason) triples logged once each; beyond it only counted.</summary>
    private const int MaxLoggedUnmapped = 10_000;

    private readonly ConcurrentDictionary<(string, string, UnmappedReason), byte> _loggedUnmapped = new();
    private readonly ConcurrentDictionary<string, AmbulancePosition> _positions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MonitorStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>Patient of each monitor's latest readings: position and status messages name none.</summary>
    private readonly ConcurrentDictionary<string, string> _patients = new(StringComparer.Ordinal);

    /// <summary>Latest position per monitor (device id).</summary>
    public IReadOnlyDictionary<string, AmbulancePosition> Positions => _positions;

    /// <summary>Latest status per monitor (device id).</summary>
    public IReadOnlyDictionary<string, MonitorStatus> Statuses => _statuses;

    /// <summary>Decodes and submits one message; returns once its readings are durable. Only cancellation escapes:
    /// a full or failing buffer is retried with backoff while the message stays unacknowledged.</summary>
    public async ValueTask HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var receivedAt = time.GetUtcNow();
        if (!MonitorTopic.TryParse(topic, out var parsed, out var problem))
        {
            metrics.Message("unknown");
            metrics.DecodeError("topic");
            MqttSourceLog.DecodeFailed(logger, topic, "topic", problem);
            return;
        }
        metrics.Message(parsed.Stream.ToString().ToLowerInvariant());
        MonitorPayload decoded;
        try
        {
            decoded = MonitorPayloadDecoder.Decode(parsed, payload, receivedAt);
        }
        catch (DeviceFormatException ex)
        {
            metrics.DecodeError(ex.Format);
            MqttSourceLog.DecodeFailed(logger, topic, ex.Format, ex.Message);
            return;
        }
        if (liveness.Seen(parsed.Unit, parsed.Device) is { } resumed)
        {
            MqttSourceLog.MonitorResumed(logger, resumed.Device, (resumed.At - resumed.LastSeen).TotalSeconds);
        }
        Remember(parsed, decoded);
        if (decoded.Readings.Count > 0)
        {
            if (decoded.Readings[^1].PatientId is { } patient)
            {
                _patients[parsed.Device] = patient;
            }
            await SubmitAsync(topic, decoded.Readings, ct).ConfigureAwait(false);
        }
        if (decoded.Position is not null || decoded.Status is not null)
        {
            await ForwardAsync(topic, AmbulanceUpdates.From(parsed, decoded, _patients.GetValueOrDefault(parsed.Device), receivedAt), ct)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Position and status go to the hub through the buffer like readings (telemetry.proto rule 7).</summary>
    private async Task ForwardAsync(string topic, Contracts.V1.AmbulanceUpdate update, CancellationToken ct)
    {
        if (sink is not IAmbulanceSink ambulances)
        {
            metrics.AmbulanceUpdate(forwarded: false);
            return;
        }
        await UntilBufferedAsync(topic, async () =>
        {
            await ambulances.AppendAmbulanceAsync(update, ct).ConfigureAwait(false);
            metrics.AmbulanceUpdate(forwarded: true);
        }, ct).ConfigureAwait(false);
    }

    private void Remember(MonitorTopic topic, MonitorPayload decoded)
    {
        foreach (var u in decoded.Unmapped)
        {
            metrics.Unmapped(u.Reason.ToString(), u.Code);
            if (_loggedUnmapped.Count < MaxLoggedUnmapped && _loggedUnmapped.TryAdd((topic.Device, u.Code, u.Reason), 0))
            {
                MqttSourceLog.Unmapped(logger, topic.Device, u.Location, u.Code, u.Text, u.Reason.ToString());
            }
        }
        if (decoded.Position is { } position)
        {
            _positions[topic.Device] = position;
            if (logger.IsEnabled(LogLevel.Debug))
            {
                MqttSourceLog.Position(logger, topic.Unit, topic.Device, position.Latitude, position.Longitude, position.Eta, position.Destination);
            }
        }
        if (decoded.Status is { } status)
        {
            var previous = _statuses.GetValueOrDefault(topic.Device);
            _statuses[topic.Device] = status;
            if (previous is null || !previous.LeadsOff.SequenceEqual(status.LeadsOff) || !previous.Alarms.SequenceEqual(status.Alarms))
            {
                MqttSourceLog.Status(logger, topic.Device, status.BatteryPercent, string.Join(",", status.LeadsOff),
                    string.Join(",", status.Alarms.Select(a => $"{a.Code}/{a.Priority}")));
            }
        }
    }

    private Task SubmitAsync(string topic, IReadOnlyList<Reading> readings, CancellationToken ct) =>
        UntilBufferedAsync(topic, async () =>
        {
            var result = await sink.SubmitAsync(readings, ct).ConfigureAwait(false);
            metrics.Accepted(result.AcceptedCount, result.Rejections.Count);
        }, ct);

    /// <summary>Runs <paramref name="append"/> until the buffer takes it: a full or failing buffer is retried with
    /// backoff (the monitor's PUBACK waits, so the broker keeps the message meanwhile).</summary>
    private async Task UntilBufferedAsync(string topic, Func<Task> append, CancellationToken ct)
    {
        RetryPolicy? retry = null;
        while (true)
        {
            try
            {
                await append().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is BufferFullException or BufferWriteException)
            {
                retry ??= new RetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), time);
                var delay = retry.NextDelay();
                MqttSourceLog.AcceptFailed(logger, topic, ex.Message, delay.TotalMilliseconds);
                await retry.DelayAsync(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
