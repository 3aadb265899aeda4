using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Json;

/// <summary>One vital as a monitor publishes it: value and unit as measured.</summary>
public readonly record struct VitalSign(string Kind, double Value, string Unit, ReadingFlags Flags = ReadingFlags.None);

/// <summary>Writes the payloads of docs/monitor-json.md (used by the simulator and the tests).</summary>
public static class MonitorJsonWriter
{
    public static byte[] Vitals(DateTimeOffset time, IEnumerable<VitalSign> vitals, string? patient = null) => Write(json =>
    {
        json.WriteNumber("v", 1);
        json.WriteString("time", Rfc3339(time));
        if (patient is not null)
        {
            json.WriteString("patient", patient);
        }
        json.WriteStartArray("vitals");
        foreach (var vital in vitals)
        {
            json.WriteStartObject();
            json.WriteString("kind", vital.Kind);
            json.WriteNumber("value", vital.Value);
            json.WriteString("unit", vital.Unit);
            if (vital.Flags != ReadingFlags.None)
            {
                json.WriteStartArray("flags");
                foreach (var name in ReadingFlagNames.ToNames(vital.Flags))
                {
                    json.WriteStringValue(name);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    public static byte[] Status(MonitorStatus status) => Write(json =>
    {
        ArgumentNullException.ThrowIfNull(status);
        json.WriteNumber("v", 1);
        if (status.Time is { } time)
        {
            json.WriteString("time", Rfc3339(time));
        }
        if (status.BatteryPercent is { } battery)
        {
            json.WriteNumber("battery", battery);
        }
        if (status.OnMains is { } mains)
        {
            json.WriteBoolean("onMains", mains);
        }
        json.WriteStartArray("leadsOff");
        foreach (var lead in status.LeadsOff)
        {
            json.WriteStringValue(lead);
        }
        json.WriteEndArray();
        json.WriteStartArray("alarms");
        foreach (var alarm in status.Alarms)
        {
            json.WriteStartObject();
            json.WriteString("code", alarm.Code);
            json.WriteString("priority", alarm.Priority);
            json.WriteString("text", alarm.Text);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    public static byte[] Position(AmbulancePosition position) => Write(json =>
    {
        ArgumentNullException.ThrowIfNull(position);
        json.WriteNumber("v", 1);
        if (position.Time is { } time)
        {
            json.WriteString("time", Rfc3339(time));
        }
        json.WriteNumber("lat", position.Latitude);
        json.WriteNumber("lon", position.Longitude);
        if (position.SpeedMetresPerSecond is { } speed)
        {
            json.WriteNumber("speed", speed);
        }
        if (position.HeadingDegrees is { } heading)
        {
            json.WriteNumber("heading", heading);
        }
        if (position.Eta is { } eta)
        {
            json.WriteString("eta", Rfc3339(eta));
        }
        if (position.Destination is { } destination)
        {
            json.WriteString("destination", destination);
        }
    });

    public static byte[] Waveform(Waveforms.WaveformChunk chunk, string? patient = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WaveformJson.Write(json, chunk, patient);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>UTC with milliseconds, e.g. 2026-11-22T08:15:30.250Z.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
