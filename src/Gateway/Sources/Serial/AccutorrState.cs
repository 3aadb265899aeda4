using System.Globalization;
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
/// which the buffer and the hub drop as a duplicate, rather than a second copy with another time.
/// </remarks>
internal sealed class AccutorrState(string dataDirectory, string deviceId)
{
    private readonly string _path = new SourceCursor(dataDirectory, $"accutorr-{deviceId}").FilePath;

    public async Task<AccutorrResult?> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var text = (await File.ReadAllTextAsync(_path, ct).ConfigureAwait(false)).Trim();
        var parts = text.Split(' ');
        if (parts.Length != 7 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new InvalidDataException($"Accutorr state file '{_path}' holds '{text}', not a measurement.");
        }

        return new AccutorrResult(number, DateTimeOffset.FromUnixTimeSeconds(seconds),
            Field(parts[2]), Field(parts[3]), Field(parts[4]), Field(parts[5]), Field(parts[6]));
    }

    public async Task SaveAsync(AccutorrResult m, CancellationToken ct)
    {
        var text = string.Join(' ',
            m.Number.ToString(CultureInfo.InvariantCulture), m.MeasuredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Text(m.Systolic), Text(m.Diastolic), Text(m.Mean), Text(m.Pulse), Text(m.SaO2));
        var temporary = _path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, ct).ConfigureAwait(false);
        File.Move(temporary, _path, overwrite: true);
    }

    private static int? Field(string text) => text == "-" ? null : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
