using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>Counters of the MQTT source, rendered into the gateway's /metrics (Prometheus text format 0.0.4).</summary>
public sealed class MqttSourceMetrics
{
    /// <summary>Most distinct unmapped codes tracked by code; beyond it they count under "other" (bounded memory).</summary>
    public const int MaxTrackedCodes = 1000;

    private readonly ConcurrentDictionary<string, long> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _decodeErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unmapped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unmappedCodes = new(StringComparer.Ordinal);
    private long _readings;
    private long _rejected;
    private long _ambulanceForwarded;
    private long _ambulanceDropped;

    /// <summary>Messages received, by stream ("vitals", "hl7", "waveform" … or "unknown").</summary>
    public IReadOnlyDictionary<string, long> MessagesByStream => new Dictionary<string, long>(_messages);

    /// <summary>Messages that did not decode, by reason (the format that refused them, or "topic").</summary>
    public IReadOnlyDictionary<string, long> DecodeErrorsByReason => new Dictionary<string, long>(_decodeErrors);

    /// <summary>Observations kept raw, by <see cref="Monitors.UnmappedReason"/> name.</summary>
    public IReadOnlyDictionary<string, long> UnmappedByReason => new Dictionary<string, long>(_unmapped);

    /// <summary>Observations kept raw, by code as sent.</summary>
    public IReadOnlyDictionary<string, long> UnmappedByCode => new Dictionary<string, long>(_unmappedCodes);

    /// <summary>Readings the sink accepted (durable in the buffer).</summary>
    public long ReadingsAccepted => Interlocked.Read(ref _readings);

    /// <summary>Readings the sink refused by validation (counted by reason in gateway_readings_rejected_total too).</summary>
    public long ReadingsRejected => Interlocked.Read(ref _rejected);

    internal void Message(string stream) => _messages.AddOrUpdate(stream, 1, (_, n) => n + 1);

    internal void DecodeError(string reason) => _decodeErrors.AddOrUpdate(reason, 1, (_, n) => n + 1);

    internal void Unmapped(string reason, string code)
    {
        _unmapped.AddOrUpdate(reason, 1, (_, n) => n + 1);
        var key = _unmappedCodes.ContainsKey(code) || _unmappedCodes.Count < MaxTrackedCodes ? code : "other";
        _unmappedCodes.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    /// <summary>Position/status updates durable in the buffer for the hub.</summary>
    public long AmbulanceUpdatesForwarded => Interlocked.Read(ref _ambulanceForwarded);

    internal void AmbulanceUpdate(bool forwarded)
    {
        if (forwarded)
        {
            Interlocked.Increment(ref _ambulanceForwarded);
        }
        else
        {
            Interlocked.Increment(ref _ambulanceDropped);
        }
    }

    internal void Accepted(int accepted, int rejected)
    {
        Interlocked.Add(ref _readings, accepted);
        Interlocked.Add(ref _rejected, rejected);
    }

    internal void Append(StringBuilder text, IReadOnlyList<MonitorLivenessState> monitors, TelemetryGateway.Mqtt.Client.MqttClientCounters? client = null)
    {
        if (client is not null)
        {
            // The subscription at an external broker (Gateway:Mqtt:BrokerUrl).
            Header(text, "gateway_mqtt_client_connects_total", "counter", "Connections of the gateway's MQTT client to the external broker (first and reconnections).");
            Sample(text, "gateway_mqtt_client_connects_total", client.Connects, null, null);
            Header(text, "gateway_mqtt_client_connect_failures_total", "counter", "Failed connection attempts to the external broker.");
            Sample(text, "gateway_mqtt_client_connect_failures_total", client.ConnectFailures, null, null);
            Header(text, "gateway_mqtt_client_acknowledgements_dropped_total", "counter", "PUBACKs not sent because the message's connection had closed (the broker redelivers).");
            Sample(text, "gateway_mqtt_client_acknowledgements_dropped_total", client.AcknowledgementsDropped, null, null);
        }
        Family(text, "gateway_mqtt_messages_total", "counter", "MQTT messages received, by stream.", "stream", MessagesByStream);
        Family(text, "gateway_mqtt_decode_errors_total", "counter", "MQTT messages that did not decode, by reason.", "reason", DecodeErrorsByReason);
        Family(text, "gateway_monitor_unmapped_total", "counter", "Monitor observations kept raw instead of becoming readings, by reason.", "reason", UnmappedByReason);
        Family(text, "gateway_monitor_unmapped_codes_total", "counter", "Monitor observations kept raw, by code as sent.", "code", UnmappedByCode);
        Header(text, "gateway_mqtt_readings_total", "counter", "Readings from MQTT accepted into the buffer.");
        Sample(text, "gateway_mqtt_readings_total", ReadingsAccepted, null, null);
        Header(text, "gateway_mqtt_ambulance_updates_total", "counter", "Ambulance position/status updates: forwarded (durable for the hub) or dropped (the sink takes none).");
        Sample(text, "gateway_mqtt_ambulance_updates_total", AmbulanceUpdatesForwarded, "result", "forwarded");
        Sample(text, "gateway_mqtt_ambulance_updates_total", Interlocked.Read(ref _ambulanceDropped), "result", "dropped");
        Header(text, "gateway_monitor_silent", "gauge", "1 while a monitor has been silent longer than Gateway:Mqtt:SilenceThreshold.");
        foreach (var monitor in monitors)
        {
            Sample(text, "gateway_monitor_silent", monitor.Silent ? 1 : 0, "device", monitor.Device);
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help, string label, IReadOnlyDictionary<string, long> values)
    {
        Header(text, name, type, help);
        foreach (var (key, value) in values.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Sample(text, name, value, label, key);
        }
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, double value, string? label, string? labelValue)
    {
        text.Append(name);
        if (label is not null)
        {
            text.Append('{').Append(label).Append("=\"")
                .Append(labelValue!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append("\"}");
        }
        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
