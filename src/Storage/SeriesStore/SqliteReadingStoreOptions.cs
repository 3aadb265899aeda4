namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>Settings of <see cref="SqliteReadingStore"/> (configuration section <c>Hub:Store</c>).</summary>
public sealed record SqliteReadingStoreOptions
{
    /// <summary>The database file; created with its schema when missing.</summary>
    public required string Path { get; init; }

    /// <summary>Page cache of the writer connection in KiB. The writer touches the right edge of the time
    /// indexes and random pages of the key index; 64 MiB keeps the upper levels of all three resident.</summary>
    public int WriterCacheKiB { get; init; } = 64 * 1024;

    /// <summary>Page cache of each reader connection in KiB.</summary>
    public int ReaderCacheKiB { get; init; } = 16 * 1024;

    /// <summary>Most readings one commit takes from batches queued together (a batch is never split, so a
    /// larger one is committed alone). More per commit means fewer fsyncs; fewer means a shorter wait for
    /// the first caller of a group.</summary>
    public int MaxRowsPerCommit { get; init; } = 20_000;

    /// <summary>WAL pages after which a commit checkpoints (<c>PRAGMA wal_autocheckpoint</c>). SQLite's
    /// 1000 pages (4 MiB) made the index pages that every commit touches get copied into the database over
    /// and over; 10000 (about 40 MiB of WAL) cut bytes written by a fifth and raised the rate by 10–20 %.
    /// With <see cref="CheckpointInterval"/> set this is only the safety net for a background checkpointer
    /// that fell behind.</summary>
    public int WalAutoCheckpointPages { get; init; } = 10_000;

    /// <summary>How often a background task checkpoints the WAL (PASSIVE, on a connection of its own), so that
    /// the commit a live reading waits for does not also copy 40 MiB of WAL into the database file. Null leaves
    /// checkpoints to the commits (<see cref="WalAutoCheckpointPages"/>).</summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run <c>PRAGMA quick_check</c> when opening. Off by default: it reads the whole file, which
    /// takes minutes on a store of a few hundred million readings.</summary>
    public bool VerifyOnOpen { get; init; }
}
