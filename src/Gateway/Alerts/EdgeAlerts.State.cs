using System.Text.Json;
using System.Text.Json.Serialization;
using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Gateway.Alerts;

internal sealed partial class EdgeAlerts
{
    public const string SnapshotFileName = "alert-state.json";

    private readonly string? _snapshotPath;
    private readonly SemaphoreSlim _saving = new(1, 1);
    // Readings judged since the state was last kept (follow-up and feed clocks moved).
    private bool _dirty;
    // Signals committed since the state was last kept: keep it at the next chance, not after the interval.
    private bool _signalled;
    // Appends carrying signals not yet committed: the engine is ahead of the buffer until they are.
    private int _inFlight;
    private long _lastSave;

    /// <summary>How often the state is kept when readings only moved the clocks (no signal).</summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Continues from the state an earlier run kept, if any. A damaged file is logged and ignored:
    /// the engine then starts empty, and the hub's one-open-alert-per-rule absorbs a repeated raise.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (_snapshotPath is null || !File.Exists(_snapshotPath))
        {
            return;
        }
        try
        {
            var bytes = await File.ReadAllBytesAsync(_snapshotPath, ct).ConfigureAwait(false);
            var snapshot = JsonSerializer.Deserialize(bytes, EdgeAlertJson.Default.AlertEngineSnapshot)
                ?? throw new JsonException("the file holds null");
            int skipped;
            lock (_lock)
            {
                skipped = _engine.Restore(snapshot);
            }
            EdgeAlertLog.StateRestored(_logger, _snapshotPath, snapshot.Episodes.Count(e => e.Severity != 0), skipped);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
        {
            EdgeAlertLog.StateUnreadable(_logger, _snapshotPath, ex.Message);
        }
        _lastSave = _time.GetTimestamp();
    }

    /// <summary>Keeps the engine state when signals were committed since the last time, when readings were judged
    /// and <see cref="SnapshotInterval"/> has passed, or (with <paramref name="force"/>) whenever anything changed.
    /// Never while a signal is uncommitted: a state that remembers an episode whose Raised never reached the
    /// buffer would lose that alert in a crash.</summary>
    public async Task SaveAsync(bool force, CancellationToken ct)
    {
        if (_snapshotPath is null)
        {
            return;
        }
        await _saving.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            AlertEngineSnapshot snapshot;
            lock (_lock)
            {
                var due = _signalled || (_dirty && (force || _time.GetElapsedTime(_lastSave) >= SnapshotInterval));
                if (!due || _inFlight > 0 || _carried.Count > 0)
                {
                    return;
                }
                snapshot = _engine.Snapshot();
                _dirty = false;
                _signalled = false;
            }
            _lastSave = _time.GetTimestamp();
            try
            {
                // Write-then-rename: a crash leaves the old state or the new one, never half of one.
                var temporary = _snapshotPath + ".tmp";
                await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, EdgeAlertJson.Default.AlertEngineSnapshot), ct)
                    .ConfigureAwait(false);
                File.Move(temporary, _snapshotPath, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lock (_lock)
                {
                    _signalled = true;
                }
                EdgeAlertLog.StateNotKept(_logger, _snapshotPath, ex.Message);
            }
        }
        finally
        {
            _saving.Release();
        }
    }
}

/// <summary>The engine state file's JSON (source-generated: no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AlertEngineSnapshot))]
internal sealed partial class EdgeAlertJson : JsonSerializerContext;
