using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Serial.Accutorr;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// The last NIBP result taken from one Accutorr, in a small file in the data directory:
/// "number measuredAt(unix s) systolic diastolic mean pulse sao2" (absent fields as "-").
/// </summary>
/// <remarks>
/// The monitor shows only its latest result, with no record number and no clock time. The gateway numbers the
/// measurements itself and fixes each one's time when it first sees it; the state is saved BEFORE the readings
/// go to the buffer and resubmitted at every start, so a crash in between replays the same number and time,
/// which the buffer and the hub drop as a duplicate, rather than a second copy with another time. Saved durably
/// (<see cref="DurableFile"/>). A damaged file (empty, unreadable) is logged and counted
/// (<c>gateway_serial_state_errors_total</c>) and read as no state: numbers are dates
/// (<see cref="AccutorrResults"/>), so starting afresh repeats no number for another result; failing instead would
/// stop the poller at every start.
/// </remarks>
internal sealed class AccutorrState(string dataDirectory, string deviceId, string device, SerialSourceMetrics metrics, ILogger logger)
{
    private readonly string _path = new SourceCursor(dataDirectory, $"accutorr-{deviceId}").FilePath;

    public async Task<AccutorrResult?> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var text = (await File.ReadAllTextAsync(_path, ct).ConfigureAwait(false)).Trim();
        if (Parse(text) is { } result)
        {
            return result;
        }

        metrics.Add(device, "gateway_serial_state_errors_total");
        SerialSourceLog.StateDamaged(logger, device, _path, deviceId, text.Length == 0 ? "empty" : $"holds '{(text.Length > 80 ? text[..80] + "…" : text)}', not a measurement");
        return null;
    }

    public async Task SaveAsync(AccutorrResult m, CancellationToken ct)
    {
        var text = string.Join(' ',
            m.Number.ToString(CultureInfo.InvariantCulture), m.MeasuredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Text(m.Systolic), Text(m.Diastolic), Text(m.Mean), Text(m.Pulse), Text(m.SaO2));
        await DurableFile.ReplaceAsync(_path, Encoding.ASCII.GetBytes(text), ct).ConfigureAwait(false);
    }

    private static AccutorrResult? Parse(string text)
    {
        var parts = text.Split(' ');
        if (parts.Length != 7 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || !Field(parts[2], out var systolic) || !Field(parts[3], out var diastolic) || !Field(parts[4], out var mean)
            || !Field(parts[5], out var pulse) || !Field(parts[6], out var sao2))
        {
            return null;
        }

        return new AccutorrResult(number, DateTimeOffset.FromUnixTimeSeconds(seconds), systolic, diastolic, mean, pulse, sao2);
    }

    private static bool Field(string text, out int? value)
    {
        value = null;
        if (text == "-")
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
