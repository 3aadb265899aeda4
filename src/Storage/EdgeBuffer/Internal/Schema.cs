namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>The buffer's tables and the statements run against them.</summary>
internal static class Schema
{
    /// <summary>Value of <c>PRAGMA user_version</c> once the schema below exists.</summary>
    public const int Version = 1;

    // AUTOINCREMENT makes SQLite keep the highest sequence ever issued in sqlite_sequence, so a number is
    // never reused, even after the newest items were acknowledged and deleted and the process restarted.
    // created_ticks holds DateTimeOffset.UtcTicks; size is EdgeBufferStore.ItemSize, kept so totals need no blob reads.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS items (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            priority      INTEGER NOT NULL CHECK (priority IN (0, 1, 2)),
            dedup_key     TEXT    NOT NULL UNIQUE,
            created_ticks INTEGER NOT NULL,
            size          INTEGER NOT NULL,
            payload       BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS items_by_priority ON items (priority, seq);
        PRAGMA user_version = 1;
        """;

    public const string FindKey = "SELECT seq FROM items WHERE dedup_key = $key";

    public const string Insert = """
        INSERT INTO items (priority, dedup_key, created_ticks, size, payload)
        VALUES ($priority, $key, $created, $size, $payload)
        RETURNING seq
        """;

    // The fast path when no eviction is needed: a buffered key makes the insert a no-op that returns no row,
    // so a duplicate costs one index probe instead of a lookup followed by an insert.
    public const string InsertIfNew = """
        INSERT INTO items (priority, dedup_key, created_ticks, size, payload)
        VALUES ($priority, $key, $created, $size, $payload)
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING seq
        """;

    public const string EvictOldest = """
        DELETE FROM items
        WHERE seq = (SELECT seq FROM items WHERE priority = $priority ORDER BY seq LIMIT 1)
        RETURNING size
        """;

    public const string DeleteRange = "DELETE FROM items WHERE seq BETWEEN $first AND $last RETURNING priority, size";

    public const string Totals = "SELECT priority, count(*), coalesce(sum(size), 0) FROM items GROUP BY priority";

    public const string LastSequence = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0)";

    public const string ReadBatch = """
        SELECT seq, priority, dedup_key, created_ticks, payload
        FROM items
        WHERE seq > $after AND priority BETWEEN $min AND $max
        ORDER BY seq
        LIMIT $count
        """;

    public const string OldestCreated = "SELECT created_ticks FROM items WHERE priority = $priority ORDER BY seq LIMIT 1";
}
