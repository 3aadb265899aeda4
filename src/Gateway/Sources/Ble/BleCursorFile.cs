using TelemetryGateway.Bluetooth.Sync;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>
/// A glucose meter's <see cref="RecordCursor"/> in the data directory (sources/ble-ADDRESS.cursor): the record
/// number, then the anchor record's bytes, on one line, replaced atomically (temporary file, then rename), so
/// the number and its anchor can never disagree after a crash. A bare number (older files) has no anchor.
/// </summary>
internal sealed class BleCursorFile(string dataDirectory, string address)
{
    private readonly string _path = new SourceCursor(dataDirectory, "ble-" + address).FilePath;

    public async Task<RecordCursor> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(_path))
        {
            return RecordCursor.None;
        }

        var text = await File.ReadAllTextAsync(_path, ct).ConfigureAwait(false);
        try
        {
            return RecordCursor.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"BLE cursor file '{_path}': {ex.Message}", ex);
        }
    }

    public async Task SaveAsync(RecordCursor cursor, CancellationToken ct)
    {
        var temporary = _path + ".tmp";
        await File.WriteAllTextAsync(temporary, cursor.ToString(), ct).ConfigureAwait(false);
        File.Move(temporary, _path, overwrite: true);
    }
}
