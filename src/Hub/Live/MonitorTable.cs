using System.Collections.Concurrent;
using TelemetryGateway.Core;

namespace TelemetryGateway.Hub.Live;

/// <summary>What the hub last heard from one device that streams live readings (an ambulance monitor).</summary>
/// <param name="DeviceId">The monitor.</param>
/// <param name="PatientId">Its patient, when known.</param>
/// <param name="GatewayId">The gateway that delivered its latest reading.</param>
/// <param name="LastSeen">Effective time of its newest reading (device clock).</param>
/// <param name="LastReceived">When the gateway received that reading (gateway clock).</param>
/// <param name="Latest">Newest numeric value per kind (waveforms excluded).</param>
public sealed record MonitorSnapshot(
    string DeviceId,
    string? PatientId,
    string GatewayId,
    DateTimeOffset LastSeen,
    DateTimeOffset LastReceived,
    IReadOnlyDictionary<string, MonitorValue> Latest);

/// <summary>A monitor's newest value of one kind.</summary>
public sealed record MonitorValue(double Value, string Unit, DateTimeOffset Time);

/// <summary>
/// Devices that sent live-priority readings, with their newest numerics: the ambulance view's list until the
/// MQTT side reports ambulances themselves. Back-filled readings older than what is held never replace it.
/// </summary>
public sealed class MonitorTable
{
    private const int MaxMonitors = 1000;
    private readonly ConcurrentDictionary<string, Entry> _monitors = new(StringComparer.Ordinal);

    internal void Observe(IReadOnlyList<Reading> readings, string gatewayId)
    {
        foreach (var reading in readings)
        {
            if (reading.Priority != ReadingPriority.Live)
            {
                continue;
            }
            if (!_monitors.TryGetValue(reading.DeviceId, out var entry))
            {
                if (_monitors.Count >= MaxMonitors)
                {
                    continue;
                }
                entry = _monitors.GetOrAdd(reading.DeviceId, static id => new Entry(id));
            }
            entry.Observe(reading, gatewayId);
        }
    }

    /// <summary>Every monitor, most recently heard first.</summary>
    public IReadOnlyList<MonitorSnapshot> Snapshot() =>
        [.. _monitors.Values.Select(e => e.Snapshot()).OrderByDescending(m => m.LastSeen)];

    private sealed class Entry(string deviceId)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, MonitorValue> _latest = new(StringComparer.Ordinal);
        private string? _patient;
        private string _gateway = "";
        private DateTimeOffset _lastSeen;
        private DateTimeOffset _lastReceived;

        public void Observe(Reading reading, string gatewayId)
        {
            var time = reading.EffectiveTime;
            lock (_lock)
            {
                if (time >= _lastSeen)
                {
                    _lastSeen = time;
                    _lastReceived = reading.ReceivedAt;
                    _patient = reading.PatientId ?? _patient;
                    _gateway = gatewayId;
                }
                if (reading.Waveform is null
                    && (!_latest.TryGetValue(reading.Kind, out var held) || held.Time <= time))
                {
                    _latest[reading.Kind] = new MonitorValue(reading.Value, reading.Unit, time);
                }
            }
        }

        public MonitorSnapshot Snapshot()
        {
            lock (_lock)
            {
                return new MonitorSnapshot(deviceId, _patient, _gateway, _lastSeen, _lastReceived,
                    new Dictionary<string, MonitorValue>(_latest, StringComparer.Ordinal));
            }
        }
    }
}
