using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>Counters of the serial sources, per device path, in Prometheus text (names start gateway_serial_).</summary>
internal sealed class SerialSourceMetrics
{
    private static readonly (string Name, string Help)[] Counters =
    [
        ("gateway_serial_frames_total", "E1381 frames accepted (ACK)."),
        ("gateway_serial_frames_rejected_total", "Defective frames refused with NAK: bad checksum, frame number or framing."),
        ("gateway_serial_checksum_errors_total", "Frames whose checksum did not match."),
        ("gateway_serial_retransmissions_total", "Frames the meter sent again (after our NAK or a lost ACK)."),
        ("gateway_serial_transfers_total", "Transfers started (ENQ)."),
        ("gateway_serial_transfers_completed_total", "Transfers ended with EOT after the terminator record."),
        ("gateway_serial_transfers_aborted_total", "Transfers cut: timeout, restart, unplug."),
        ("gateway_serial_unplugs_total", "Times the device went away while open."),
        ("gateway_serial_open_failures_total", "Failed attempts to open the device."),
        ("gateway_serial_busy_total", "Opens refused because another process holds the port (flock/TIOCEXCL)."),
        ("gateway_serial_records_total", "Result records decoded."),
        ("gateway_serial_format_errors_total", "Records that could not be decoded (counted, logged, skipped)."),
        ("gateway_serial_control_results_total", "Control-solution results kept out of patient readings."),
        ("gateway_serial_already_synced_total", "Results skipped because their identity (stored time and ordinal) was synced before."),
        ("gateway_serial_meter_memory_reset_total", "Complete transfers sharing no result with those synced before: the meter's memory was cleared (informational, nothing lost)."),
        ("gateway_serial_readings_accepted_total", "Readings the sink accepted."),
        ("gateway_serial_polls_total", "Polled monitors (accutorr): patient data replies received."),
        ("gateway_serial_no_reply_total", "Polled monitors (accutorr): polls without a reply in time."),
        ("gateway_serial_state_errors_total", "Polled monitors (accutorr): damaged state files read as no state (logged)."),
    ];

    private readonly ConcurrentDictionary<(string Device, string Name), long> _values = new();

    public void Add(string device, string name, long amount = 1) => _values.AddOrUpdate((device, name), amount, (_, v) => v + amount);

    public long Get(string device, string name) => _values.GetValueOrDefault((device, name));

    public void Append(StringBuilder text)
    {
        var devices = _values.Keys.Select(k => k.Device).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (name, help) in Counters)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            foreach (var device in devices)
            {
                text.Append(name).Append("{device=\"").Append(Escape(device)).Append("\"} ")
                    .Append(Get(device, name).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
