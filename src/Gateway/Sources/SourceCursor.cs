using System.Globalization;
using System.Text;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>
/// A source's sync cursor (the last device record number accepted), kept in a small file in the data
/// directory like a device's own sync pointer. Saved only after the readings up to it were accepted, so a
/// crash in between replays the last burst, which the buffer and the hub drop as duplicates: nothing is
/// missed and nothing is stored twice.
/// </summary>
internal sealed class SourceCursor
{
    private readonly string _path;

    public SourceCursor(string dataDirectory, string name)
    {
        var directory = Path.Combine(dataDirectory, "sources");
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, SafeFileName(name) + ".cursor");
    }

    public string FilePath => _path;

    /// <summary>The last record accepted, or 0 when nothing was.</summary>
    public async Task<long> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(_path))
        {
            return 0;
        }

        var text = (await File.ReadAllTextAsync(_path, ct).ConfigureAwait(false)).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"Source cursor file '{_path}' holds '{text}', not a record number.");
    }

    /// <summary>Replaces the cursor (write to a temporary file, then rename over the old one).</summary>
    public async Task SaveAsync(long record, CancellationToken ct)
    {
        var temporary = _path + ".tmp";
        await File.WriteAllTextAsync(temporary, record.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        File.Move(temporary, _path, overwrite: true);
    }

    // Device ids are BLE addresses, serial numbers, monitor ids: keep letters, digits, '.', '-', '_'.
    internal static string SafeFileName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return safe.ToString();
    }
}
