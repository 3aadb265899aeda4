namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>Settings of an <see cref="EdgeBufferStore"/>.</summary>
public sealed class EdgeBufferOptions
{
    /// <summary>Path of the SQLite database file. Its directory must exist.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// Logical capacity in bytes, counted as <see cref="EdgeBufferStore.ItemSize"/> summed over buffered items.
    /// When an append would exceed it, older items are evicted (README.md, "Capacity").
    /// </summary>
    public long CapacityBytes { get; init; } = 1L << 30;

    /// <summary>Most operations committed in one transaction; bounds one commit's latency.</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>Operations waiting for the writer; callers of AppendAsync wait when it is full.</summary>
    public int QueueCapacity { get; init; } = 8192;

    /// <summary>
    /// Run <c>PRAGMA quick_check</c> when opening (default). Turning it off speeds up opening a very
    /// large buffer but gives up detecting a damaged file before it is used.
    /// </summary>
    public bool VerifyOnOpen { get; init; } = true;

    /// <summary>
    /// How often a background task copies the WAL into the database file (<c>PRAGMA wal_checkpoint(PASSIVE)</c>
    /// on a connection of its own). The writer's automatic checkpoint is turned off, so no commit pays for a
    /// checkpoint (which fsyncs the database file and can take a hundred milliseconds on a busy disk) and
    /// an append's latency is one WAL append and fsync. Null keeps SQLite's automatic checkpoint in the commit.
    /// </summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path);
        ArgumentOutOfRangeException.ThrowIfLessThan(CapacityBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1);
        if (CheckpointInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(CheckpointInterval));
        }
    }
}
