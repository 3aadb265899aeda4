using System.Globalization;
using System.Text;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>The deteriorating ambulance patient of firmware-sim (the model DeterioratingPatientTests restates,
/// without noise): over 8 minutes, smoothstep from SpO2 97 → 86 %, HR 88 → 135, NIBP 128/78 → 85/50,
/// RR 16 → 30, EtCO2 38 → 29, temperature 37.1 → 38.4 °C, at 1 Hz, then steady; as monitor JSON
/// (docs/monitor-json.md), one vitals message per second of measured time.</summary>
internal static class AmbulancePatient
{
    /// <summary>One JSON line per second 0..<paramref name="seconds"/>, measured from <paramref name="start"/>.</summary>
    public static string VitalsLines(DateTimeOffset start, string patient, int seconds = 600)
    {
        var text = new StringBuilder();
        for (var t = 0; t <= seconds; t++)
        {
            var x = Math.Clamp(t / 480.0, 0, 1);
            var p = x * x * (3 - (2 * x));
            double Lerp(double from, double to, int digits = 0) => Math.Round(from + ((to - from) * p), digits);
            var time = start.AddSeconds(t).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $$"""{"v":1,"time":"{{time}}","patient":"{{patient}}","vitals":[""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"heart.rate","value":{{Lerp(88, 135)}},"unit":"/min"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"pulse.rate","value":{{Lerp(88, 135)}},"unit":"/min"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"spo2","value":{{Lerp(97, 86)}},"unit":"%"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"bp.systolic","value":{{Lerp(128, 85)}},"unit":"mm[Hg]"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"bp.diastolic","value":{{Lerp(78, 50)}},"unit":"mm[Hg]"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"resp.rate","value":{{Lerp(16, 30)}},"unit":"/min"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"etco2","value":{{Lerp(38, 29)}},"unit":"mm[Hg]"},""");
            text.Append(CultureInfo.InvariantCulture, $$"""{"kind":"body.temperature","value":{{Lerp(37.1, 38.4, 1)}},"unit":"Cel"}]}""");
            text.Append('\n');
        }
        return text.ToString();
    }
}
