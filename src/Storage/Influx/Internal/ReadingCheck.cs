using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>What no line-protocol backend can store faithfully (each backend adds its own limits).</summary>
internal static class ReadingCheck
{
    public static string? CannotStore(Reading reading)
    {
        if (string.IsNullOrEmpty(reading.DeviceId))
        {
            return "no device id";
        }
        if (string.IsNullOrEmpty(reading.Kind))
        {
            return "no kind";
        }
        if (reading.Unit is null)
        {
            return "no unit";
        }
        if (!double.IsFinite(reading.Value))
        {
            return $"value is {reading.Value} (line protocol has no literal for NaN or infinities)";
        }
        if (reading.Reported is { } reported && (!double.IsFinite(reported.Value) || reported.Unit is null))
        {
            return "reported value is not finite or has no unit";
        }
        if (reading.Waveform is { } wave
            && (wave.Lead is null || !double.IsFinite(wave.SampleRateHz) || !double.IsFinite(wave.Resolution)))
        {
            return "waveform has no lead, or a non-finite sample rate or resolution";
        }
        return null;
    }
}
