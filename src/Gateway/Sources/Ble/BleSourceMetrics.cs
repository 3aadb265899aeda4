using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>Counters of the BLE source, rendered into the gateway's /metrics. Thread-safe.</summary>
internal sealed class BleSourceMetrics
{
    private readonly ConcurrentDictionary<string, long> _syncs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _clockOffsets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastSync = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _restarts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _ignored = new(StringComparer.OrdinalIgnoreCase);
    private const int MaxRememberedStrangers = 4096;
    private long _ignoredTotal;
    private long _formatErrors;
    private long _clockSets;

    public void Synced(string device, int records, DateTimeOffset at)
    {
        _syncs.AddOrUpdate(device, 1, (_, n) => n + 1);
        _records.AddOrUpdate(device, records, (_, n) => n + records);
        _lastSync[device] = at.ToUnixTimeSeconds();
    }

    public long RecordsOf(string device) => _records.TryGetValue(device, out var n) ? n : 0;

    public long FailuresOf(string reason) => _failures.TryGetValue(reason, out var n) ? n : 0;

    public void Failed(string reason) => _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void ClockOffset(string device, TimeSpan offset) => _clockOffsets[device] = offset.TotalSeconds;

    /// <summary>Counts a device not on the allow-list; true the first time it is seen.</summary>
    /// <remarks>
    /// Phones and wearables nearby rotate random addresses every few minutes: the set of addresses seen is
    /// bounded, and forgotten when full (an address seen again after that counts again).
    /// </remarks>
    public bool Ignored(string device)
    {
        if (_ignored.Count >= MaxRememberedStrangers)
        {
            _ignored.Clear();
        }

        if (!_ignored.TryAdd(device, 0))
        {
            return false;
        }

        Interlocked.Increment(ref _ignoredTotal);
        return true;
    }

    public long IgnoredCount => Interlocked.Read(ref _ignoredTotal);

    public void NumberingRestarted(string device) => _restarts.AddOrUpdate(device, 1, (_, n) => n + 1);

    public void ClockSet() => Interlocked.Increment(ref _clockSets);

    public void FormatErrors(int count) => Interlocked.Add(ref _formatErrors, count);

    public void AppendTo(StringBuilder text)
    {
        Family(text, "gateway_ble_syncs_total", "counter", "Completed device visits (records committed, cursor saved).", _syncs, "device");
        Family(text, "gateway_ble_records_total", "counter", "Device records committed to the buffer.", _records, "device");
        Family(text, "gateway_ble_failures_total", "counter", "Visits or connections that failed, by reason.", _failures, "reason");
        Family(text, "gateway_ble_clock_offset_seconds", "gauge", "Gateway clock minus device clock at the last visit (measurement times are corrected by it).", _clockOffsets, "device");
        Family(text, "gateway_ble_last_sync_timestamp_seconds", "gauge", "Unix time of each device's last completed sync.", _lastSync, "device");
        Family(text, "gateway_ble_numbering_restarts_total", "counter", "Meters whose record numbers started again (reset, battery change), detected and re-synced in a new numbering epoch.", _restarts, "device");
        Single(text, "gateway_ble_ignored_devices_total", "counter", "Distinct devices seen in discovery that are not on the allow-list (never connected).", IgnoredCount);
        Single(text, "gateway_ble_format_errors_total", "counter", "Notifications that could not be decoded (skipped).", Interlocked.Read(ref _formatErrors));
        Single(text, "gateway_ble_clock_sets_total", "counter", "Device clocks set to the gateway's time.", Interlocked.Read(ref _clockSets));
    }

    private static void Single(StringBuilder text, string name, string type, string help, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static void Family<T>(StringBuilder text, string name, string type, string help, ConcurrentDictionary<string, T> values, string label)
        where T : IConvertible
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var escaped = key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            text.Append(name).Append('{').Append(label).Append("=\"").Append(escaped).Append("\"} ")
                .Append(value.ToDouble(CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
