using SQLitePCL;

namespace TelemetryGateway.Storage.Sqlite;

/// <summary>
/// Process-wide SQLite settings, applied once before the first connection opens.
/// </summary>
/// <remarks>
/// The bundled SQLite is built serialized: every API call on a connection takes that connection's mutex, and with
/// memory statistics on, every allocation takes a global one. Each connection here is used by one thread at a time
/// (an <c>SqliteConnection</c> is not thread-safe anyway), so multi-thread mode is enough, and nothing reads
/// SQLite's memory statistics. Both settings can only be made while SQLite is not initialised; if a connection was
/// already open they are left as they are (<see cref="Apply"/> returns false).
/// </remarks>
public static class SqliteProcessSettings
{
    private const int ConfigMultiThread = 2; // SQLITE_CONFIG_MULTITHREAD
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    private static readonly Lazy<bool> Applied = new(ApplyOnce);

    /// <summary>Applies the settings once per process; true when they are in force.</summary>
    public static bool Apply() => Applied.Value;

    private static bool ApplyOnce()
    {
        Batteries_V2.Init();
        if (raw.sqlite3_shutdown() != raw.SQLITE_OK)
        {
            return false;
        }

        var ok = raw.sqlite3_config(ConfigMultiThread) == raw.SQLITE_OK
            & raw.sqlite3_config(ConfigMemStatus, 0) == raw.SQLITE_OK;
        return raw.sqlite3_initialize() == raw.SQLITE_OK && ok;
    }
}
