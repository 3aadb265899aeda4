using System.Text.Json;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Waveforms;
using static TelemetryGateway.Monitors.Json.JsonFields;

namespace TelemetryGateway.Monitors.Json;

/// <summary>The JSON form of a waveform chunk (docs/monitor-json.md "waveform").</summary>
public static class WaveformJson
{
    /// <summary>Reads a chunk object.</summary>
    /// <exception cref="DeviceFormatException">Names the JSON path.</exception>
    public static WaveformChunk Read(JsonElement root)
    {
        var signalName = OptionalString(root, "signal", "$") ?? "ecg";
        var signal = signalName switch
        {
            "ecg" => WaveformSignal.Ecg,
            "pleth" => WaveformSignal.Pleth,
            "co2" => WaveformSignal.Co2,
            _ => throw Error("$.signal", $"'{signalName}' is not ecg, pleth or co2"),
        };
        string? lead = null;
        if (signal == WaveformSignal.Ecg)
        {
            var name = RequireString(root, "lead", "$");
            lead = EcgLeads.TryNormalize(name, out var canonical) ? canonical : throw Error("$.lead", $"'{name}' is not an ECG lead");
        }
        var rate = RequireNumber(root, "rate", "$");
        if (rate <= 0 || rate > 100_000)
        {
            throw Error("$.rate", $"sample rate {rate} Hz is outside (0, 100000]");
        }
        var start = OptionalTime(root, "start", "$") ?? throw Error("$.start", "required start time is missing");
        var resolution = OptionalNumber(root, "resolution", "$") ?? 1.0;
        if (resolution <= 0)
        {
            throw Error("$.resolution", $"resolution {resolution} is not positive");
        }
        var array = OptionalArray(root, "samples", "$") ?? throw Error("$.samples", "required array is missing");
        var count = array.GetArrayLength();
        if (count is 0 or > WaveformChunk.MaxSamples)
        {
            throw Error("$.samples", $"{count} samples; a chunk holds 1–{WaveformChunk.MaxSamples}");
        }
        var samples = new short[count];
        var i = 0;
        foreach (var sample in array.EnumerateArray())
        {
            if (sample.ValueKind != JsonValueKind.Number || !sample.TryGetInt16(out samples[i]))
            {
                throw Error($"$.samples[{i}]", $"{Describe(sample)} is not a 16-bit integer");
            }
            i++;
        }
        return new WaveformChunk(signal, lead, rate, start, resolution, samples);
    }

    /// <summary>Writes a chunk object.</summary>
    public static void Write(Utf8JsonWriter json, WaveformChunk chunk, string? patient = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(chunk);
        json.WriteStartObject();
        json.WriteNumber("v", 1);
        json.WriteString("signal", chunk.Signal switch { WaveformSignal.Ecg => "ecg", WaveformSignal.Pleth => "pleth", _ => "co2" });
        if (chunk.Lead is not null)
        {
            json.WriteString("lead", chunk.Lead);
        }
        if (patient is not null)
        {
            json.WriteString("patient", patient);
        }
        json.WriteNumber("rate", chunk.SampleRateHz);
        json.WriteString("start", chunk.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("resolution", chunk.Resolution);
        json.WriteStartArray("samples");
        foreach (var s in chunk.Samples.Span)
        {
            json.WriteNumberValue(s);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
