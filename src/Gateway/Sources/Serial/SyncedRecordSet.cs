using System.Globalization;
using System.Text;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// The identities of one meter's results already handled (<see cref="TelemetryGateway.Serial.Meters.Contour.ContourRecordIdentity"/>),
/// one decimal number a line in <c>sources/serial-SERIAL.records</c> in the data directory. Bounded by the meter's
/// memory: a complete transfer replaces the set with what the meter holds.
/// </summary>
/// <remarks>
/// Saved whole, to a temporary file flushed to the disk, renamed over the old one and the directory flushed
/// (<see cref="DurableFile"/>), so a gateway killed at any point (SIGKILL, power) finds either the old set or the
/// new one, never a torn file, and never the old one back once the new was saved. Versions before the set
/// kept <c>serial-SERIAL.cursor</c>, a highest position; positions say nothing about identities, so that file
/// is only reported (<see cref="LegacyCursor"/>) and removed once the set is first saved.
/// </remarks>
internal sealed class SyncedRecordSet
{
    private readonly string _path;
    private readonly string _legacyPath;

    public SyncedRecordSet(string dataDirectory, string meterSerial)
    {
        var directory = Path.Combine(dataDirectory, "sources");
        Directory.CreateDirectory(directory);
        var name = SourceCursor.SafeFileName($"serial-{meterSerial}");
        _path = Path.Combine(directory, name + ".records");
        _legacyPath = Path.Combine(directory, name + ".cursor");
    }

    public string FilePath => _path;

    /// <summary>The highest position an older version synced this meter to, when only its cursor file exists.</summary>
    public long? LegacyCursor { get; private set; }

    /// <summary>The identities handled so far; empty for a meter never synced.</summary>
    /// <exception cref="InvalidDataException">The file holds something other than numbers.</exception>
    public async Task<HashSet<long>> LoadAsync(CancellationToken ct)
    {
        LegacyCursor = null;
        if (!File.Exists(_path))
        {
            if (File.Exists(_legacyPath))
            {
                var old = (await File.ReadAllTextAsync(_legacyPath, ct).ConfigureAwait(false)).Trim();
                LegacyCursor = long.TryParse(old, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            }

            return [];
        }

        var set = new HashSet<long>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(_path, ct).ConfigureAwait(false))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var identity))
            {
                throw new InvalidDataException($"Meter record file '{_path}' line {lineNumber} holds '{line}', not a record identity.");
            }

            set.Add(identity);
        }

        return set;
    }

    /// <summary>Replaces the stored set atomically.</summary>
    public async Task SaveAsync(IReadOnlyCollection<long> identities, CancellationToken ct)
    {
        var text = new StringBuilder(identities.Count * 16);
        foreach (var identity in identities.Order())
        {
            text.Append(identity.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        await DurableFile.ReplaceAsync(_path, Encoding.ASCII.GetBytes(text.ToString()), ct).ConfigureAwait(false);
        if (LegacyCursor is not null)
        {
            File.Delete(_legacyPath);
            LegacyCursor = null;
        }
    }
}
