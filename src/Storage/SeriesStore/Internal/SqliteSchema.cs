namespace TelemetryGateway.Storage.SeriesStore.Internal;

/// <summary>The series store's table, indexes and fixed statements.</summary>
/// <remarks>
/// Times are <see cref="DateTimeOffset.UtcTicks"/> (INTEGER) plus the original offset in minutes, so an
/// instant compares and sorts as an integer and still comes back with the offset the device reported.
/// <c>t</c> is the effective time (measured, else received) that every filter and ordering uses.
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>Value of <c>PRAGMA user_version</c> once the schema below exists.</summary>
    /// <remarks>1: the first release. 2: <c>device_time</c>, <c>device_time_offset</c> (<see cref="Upgrades"/>).</remarks>
    public const int Version = 2;

    /// <summary>What brings an existing file up to <see cref="Version"/>, by the version it has. Columns added by
    /// <c>ALTER TABLE</c> go last and are NULL in every row stored before: a schema change only, no row rewritten.</summary>
    public static readonly IReadOnlyDictionary<int, string> Upgrades = new Dictionary<int, string>
    {
        [1] = """
            ALTER TABLE readings ADD COLUMN device_time INTEGER;
            ALTER TABLE readings ADD COLUMN device_time_offset INTEGER;
            """,
    };

    // The idempotency key is the UNIQUE constraint over its four parts (device, kind, key_basis =
    // KeyBasis, key_value = record number or UTC ticks) rather than one column holding its text
    // "kind|r17|device": that text sorts record 17 of every device together and "r10" before "r9", so
    // each new reading lands on a random page of the key index and every commit rewrote about one index
    // page per row (2.7 KB of WAL per reading, measured). Ordered by device, kind and number, a device's
    // new readings append to its own run of the index, and the parts are columns the table needs anyway.
    // flags: ReadingFlags as its 64-bit integer. source, priority: the Core enum values (stable by contract).
    // A waveform chunk is one row: wave_width is 2 or 4 (bytes per little-endian sample in wave_samples).
    // Indexes end in the implicit rowid, so "ORDER BY t, id" within one patient or device and kind is
    // read straight off the index. device_time (+ offset): Reading.DeviceTime, the device's own time before
    // skew correction; last because schema 2 added them to existing files with ALTER TABLE ADD COLUMN.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS readings (
            id               INTEGER PRIMARY KEY,
            device           TEXT    NOT NULL,
            kind             TEXT    NOT NULL,
            key_basis        INTEGER NOT NULL,
            key_value        INTEGER NOT NULL,
            patient          TEXT,
            t                INTEGER NOT NULL,
            value            REAL    NOT NULL,
            unit             TEXT    NOT NULL,
            source           INTEGER NOT NULL,
            priority         INTEGER NOT NULL,
            flags            INTEGER NOT NULL,
            record           INTEGER,
            measured         INTEGER,
            measured_offset  INTEGER,
            received         INTEGER NOT NULL,
            received_offset  INTEGER NOT NULL,
            reported_value   REAL,
            reported_unit    TEXT,
            wave_lead        TEXT,
            wave_rate        REAL,
            wave_resolution  REAL,
            wave_start       INTEGER,
            wave_start_offset INTEGER,
            wave_width       INTEGER CHECK (wave_width IN (2, 4)),
            wave_samples     BLOB,
            stored           INTEGER NOT NULL,
            gateway          TEXT    NOT NULL,
            device_time      INTEGER,
            device_time_offset INTEGER,
            UNIQUE (key_value, device, kind, key_basis)
        );
        CREATE INDEX IF NOT EXISTS readings_by_patient ON readings (patient, kind, t);
        CREATE INDEX IF NOT EXISTS readings_by_device ON readings (device, kind, t);
        PRAGMA user_version = 2;
        """;

    public const string Insert = """
        INSERT INTO readings (
            device, kind, key_basis, key_value, patient, t, value, unit, source, priority, flags, record,
            measured, measured_offset, received, received_offset, reported_value, reported_unit,
            wave_lead, wave_rate, wave_resolution, wave_start, wave_start_offset, wave_width, wave_samples,
            stored, gateway, device_time, device_time_offset)
        VALUES (
            $device, $kind, $key_basis, $key_value, $patient, $t, $value, $unit, $source, $priority, $flags, $record,
            $measured, $measured_offset, $received, $received_offset, $reported_value, $reported_unit,
            $wave_lead, $wave_rate, $wave_resolution, $wave_start, $wave_start_offset, $wave_width, $wave_samples,
            $stored, $gateway, $device_time, $device_time_offset)
        ON CONFLICT (key_value, device, kind, key_basis) DO NOTHING
        """;

    /// <summary>What a duplicate is compared against to tell a replay from a conflicting measurement.</summary>
    public const string FindByKey = """
        SELECT value, unit, measured, patient FROM readings
        WHERE device = $device AND kind = $kind AND key_basis = $key_basis AND key_value = $key_value
        """;

    /// <summary>Columns read back into a <see cref="StoredReading"/>, in <see cref="RowReader"/>'s order.</summary>
    public const string Columns = """
        device, kind, patient, value, unit, source, priority, flags, record,
        measured, measured_offset, received, received_offset, reported_value, reported_unit,
        wave_lead, wave_rate, wave_resolution, wave_start, wave_start_offset, wave_width, wave_samples,
        stored, gateway, device_time, device_time_offset
        """;

    /// <summary>
    /// Newest row of each kind for one patient (<paramref name="column"/> "patient") or device ("device").
    /// The recursive part walks the distinct kinds with one index seek each (a loose index scan) instead of
    /// reading every row of a patient with hours of ECG chunks; each kind's newest row is another seek.
    /// </summary>
    public static string Latest(string column) => $"""
        WITH RECURSIVE kinds(k) AS (
            SELECT min(kind) FROM readings WHERE {column} = $scope
            UNION ALL
            SELECT (SELECT min(kind) FROM readings WHERE {column} = $scope AND kind > kinds.k)
            FROM kinds WHERE kinds.k IS NOT NULL
        )
        SELECT {Columns}
        FROM kinds JOIN readings ON readings.id = (
            SELECT id FROM readings WHERE {column} = $scope AND kind = kinds.k ORDER BY t DESC, id DESC LIMIT 1)
        """;
}
