using System.Text.Json;
using TelemetryGateway.Core;
using static TelemetryGateway.Monitors.Json.JsonFields;

namespace TelemetryGateway.Monitors.Json;

/// <summary>Decodes the monitor JSON payloads of docs/monitor-json.md: vitals, status, position, waveform.</summary>
/// <remarks>Pure: bytes in, <see cref="MonitorPayload"/> out. The only exception it lets escape is
/// <see cref="DeviceFormatException"/>, whose location is the JSON path ("$.vitals[2].value").</remarks>
public static partial class MonitorJsonDecoder
{
    /// <summary>Most vitals in one message; a monitor has a few dozen parameters at most.</summary>
    public const int MaxVitals = 256;

    /// <summary>Decodes a payload of a known stream ("vitals", "status", "position", "waveform").</summary>
    /// <param name="deviceId">Device identity (from the topic); null uses the payload's "device", else "monitor".</param>
    public static MonitorPayload Decode(MonitorStream stream, ReadOnlyMemory<byte> utf8, string? deviceId, DateTimeOffset receivedAt)
    {
        using var document = Parse(utf8);
        var root = document.RootElement;
        RequireObject(root, "$");
        CheckVersion(root);
        var device = deviceId ?? OptionalString(root, "device", "$") ?? "monitor";
        return stream switch
        {
            MonitorStream.Vitals => Vitals(root, device, receivedAt),
            MonitorStream.Status => new MonitorPayload { Status = Status(root) },
            MonitorStream.Position => new MonitorPayload { Position = Position(root) },
            MonitorStream.Waveform => Waveform(root, device, receivedAt),
            _ => throw Error("$", $"stream {stream} is not a JSON stream"),
        };
    }

    /// <summary>Decodes a payload whose stream is not known (tg decode): recognised by its members
    /// ("vitals", "samples", "lat"/"lon", else status).</summary>
    public static MonitorPayload DecodeAny(ReadOnlyMemory<byte> utf8, DateTimeOffset receivedAt)
    {
        using var document = Parse(utf8);
        var root = document.RootElement;
        RequireObject(root, "$");
        var stream = root.TryGetProperty("vitals", out _) ? MonitorStream.Vitals
            : root.TryGetProperty("samples", out _) ? MonitorStream.Waveform
            : root.TryGetProperty("lat", out _) || root.TryGetProperty("lon", out _) ? MonitorStream.Position
            : MonitorStream.Status;
        return Decode(stream, utf8, null, receivedAt);
    }

    private static MonitorStatus Status(JsonElement root)
    {
        var battery = OptionalNumber(root, "battery", "$");
        if (battery is < 0 or > 100)
        {
            throw Error("$.battery", $"battery {battery} % is outside 0–100");
        }
        var leads = new List<string>();
        if (OptionalArray(root, "leadsOff", "$") is { } array)
        {
            var i = 0;
            foreach (var lead in array.EnumerateArray())
            {
                leads.Add(lead.ValueKind == JsonValueKind.String && lead.GetString() is { Length: > 0 } s
                    ? s
                    : throw Error($"$.leadsOff[{i}]", $"expected a lead or sensor name, found {Describe(lead)}"));
                i++;
            }
        }
        var alarms = new List<MonitorAlarm>();
        if (OptionalArray(root, "alarms", "$") is { } list)
        {
            var i = 0;
            foreach (var alarm in list.EnumerateArray())
            {
                var path = $"$.alarms[{i++}]";
                RequireObject(alarm, path);
                var priority = OptionalString(alarm, "priority", path) ?? "medium";
                if (priority is not ("low" or "medium" or "high"))
                {
                    throw Error($"{path}.priority", $"'{priority}' is not low, medium or high");
                }
                alarms.Add(new MonitorAlarm(RequireString(alarm, "code", path), priority, OptionalString(alarm, "text", path) ?? ""));
            }
        }
        return new MonitorStatus(OptionalTime(root, "time", "$"), battery, OptionalBool(root, "onMains", "$"), leads, alarms);
    }

    private static AmbulancePosition Position(JsonElement root)
    {
        var lat = RequireNumber(root, "lat", "$");
        var lon = RequireNumber(root, "lon", "$");
        if (lat is < -90 or > 90)
        {
            throw Error("$.lat", $"latitude {lat} is outside −90…90");
        }
        if (lon is < -180 or > 180)
        {
            throw Error("$.lon", $"longitude {lon} is outside −180…180");
        }
        var speed = OptionalNumber(root, "speed", "$");
        if (speed < 0)
        {
            throw Error("$.speed", $"speed {speed} m/s is negative");
        }
        var heading = OptionalNumber(root, "heading", "$");
        if (heading is < 0 or > 360)
        {
            throw Error("$.heading", $"heading {heading}° is outside 0–360");
        }
        return new AmbulancePosition(
            OptionalTime(root, "time", "$"), lat, lon, speed, heading, OptionalTime(root, "eta", "$"), OptionalString(root, "destination", "$"));
    }
}
