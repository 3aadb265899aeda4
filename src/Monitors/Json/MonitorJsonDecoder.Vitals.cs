using System.Text.Json;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Waveforms;
using static TelemetryGateway.Monitors.Json.JsonFields;

namespace TelemetryGateway.Monitors.Json;

public static partial class MonitorJsonDecoder
{
    private static MonitorPayload Vitals(JsonElement root, string device, DateTimeOffset receivedAt)
    {
        var time = OptionalTime(root, "time", "$");
        var patient = OptionalString(root, "patient", "$");
        var vitals = OptionalArray(root, "vitals", "$") ?? throw Error("$.vitals", "required array is missing");
        if (vitals.GetArrayLength() > MaxVitals)
        {
            throw Error("$.vitals", $"{vitals.GetArrayLength()} entries exceed the limit of {MaxVitals}");
        }
        var readings = new List<Reading>();
        var unmapped = new List<UnmappedObservation>();
        var seen = new HashSet<(string, long)>();
        var i = 0;
        foreach (var vital in vitals.EnumerateArray())
        {
            var path = $"$.vitals[{i++}]";
            RequireObject(vital, path);
            var kind = RequireString(vital, "kind", path);
            var unit = OptionalString(vital, "unit", path) ?? "";
            var measured = OptionalTime(vital, "time", path) ?? time;
            var flags = Flags(vital, path);
            void Keep(UnmappedReason reason, string value) =>
                unmapped.Add(new UnmappedObservation(path, kind, "", "", value, unit, reason));

            if (vital.TryGetProperty("value", out var raw) && raw.ValueKind == JsonValueKind.Null || !vital.TryGetProperty("value", out _))
            {
                Keep(UnmappedReason.NoValue, "");
                continue;
            }
            var value = RequireNumber(vital, "value", path);
            var text = raw.GetRawText();
            if (!ReadingKinds.TryGet(kind, out var info))
            {
                Keep(UnmappedReason.UnknownCode, text);
                continue;
            }
            if (info.IsWaveform)
            {
                Keep(UnmappedReason.IncompleteWaveform, text);
                continue;
            }
            if (unit.Length == 0)
            {
                throw Error($"{path}.unit", "required unit is missing");
            }
            var converted = UnitConversion.ToCanonical(kind, value, unit);
            if (!converted.Success)
            {
                Keep(converted.Error == ConversionError.UnknownUnit ? UnmappedReason.UnknownUnit : UnmappedReason.IncompatibleUnit, text);
                continue;
            }
            if (!seen.Add((kind, measured?.UtcTicks ?? long.MinValue)))
            {
                Keep(UnmappedReason.Duplicate, text);
                continue;
            }
            readings.Add(new Reading
            {
                Kind = kind,
                Value = converted.Value.Value,
                Unit = converted.Value.Unit,
                PatientId = patient,
                DeviceId = device,
                Source = ReadingSource.Mqtt,
                MeasuredAt = measured,
                ReceivedAt = receivedAt,
                Flags = flags,
                Reported = new Quantity(value, unit),
            });
        }
        return new MonitorPayload { Readings = readings, Unmapped = unmapped };
    }

    private static ReadingFlags Flags(JsonElement vital, string path)
    {
        var flags = ReadingFlags.None;
        if (OptionalArray(vital, "flags", path) is not { } array)
        {
            return flags;
        }
        var j = 0;
        foreach (var name in array.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String || !ReadingFlagNames.TryParse(name.GetString(), out var flag))
            {
                throw Error($"{path}.flags[{j}]", $"{Describe(name)} is not a flag name (e.g. \"low\", \"critical-high\")");
            }
            flags |= flag;
            j++;
        }
        return flags;
    }

    private static MonitorPayload Waveform(JsonElement root, string device, DateTimeOffset receivedAt)
    {
        var chunk = WaveformJson.Read(root);
        var patient = OptionalString(root, "patient", "$");
        return WaveformPayload(chunk, device, patient, receivedAt, "$");
    }

    /// <summary>A decoded chunk as a payload: an ECG reading, or an unmapped entry for pleth and CO2.</summary>
    public static MonitorPayload WaveformPayload(WaveformChunk chunk, string device, string? patient, DateTimeOffset receivedAt, string location)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.ToReading(device, patient, receivedAt) is { } reading)
        {
            return new MonitorPayload { Readings = [reading] };
        }
        var summary = FormattableString.Invariant($"{chunk.Samples.Length} samples at {chunk.SampleRateHz} Hz from {chunk.Start:O}");
        return new MonitorPayload
        {
            Unmapped = [new UnmappedObservation(location, chunk.Channel, "", "", summary, "", UnmappedReason.NoKind)],
        };
    }
}
