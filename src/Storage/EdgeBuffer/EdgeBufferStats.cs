namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>Per latency class figures of an <see cref="EdgeBufferStats"/> snapshot.</summary>
/// <param name="Count">Items buffered (committed, not acknowledged, not evicted).</param>
/// <param name="Bytes">Their size, as counted against the capacity.</param>
/// <param name="OldestCreated">Created time of the lowest-sequenced buffered item; null when none.</param>
/// <param name="Appended">Items committed since the buffer was opened (duplicates not counted).</param>
/// <param name="Evicted">Items evicted for capacity since the buffer was opened.</param>
/// <param name="Rejected">Appends rejected with <see cref="BufferFullException"/> since opened.</param>
public sealed record PriorityStats(
    BufferPriority Priority,
    long Count,
    long Bytes,
    DateTimeOffset? OldestCreated,
    long Appended,
    long Evicted,
    long Rejected);

/// <summary>
/// A snapshot of the buffer. Count and bytes describe the file; the event counters (appended, evicted,
/// rejected, duplicates, acknowledged, transactions, failed transactions) count since the buffer was opened.
/// </summary>
public sealed record EdgeBufferStats(
    IReadOnlyList<PriorityStats> Priorities,
    long CapacityBytes,
    long LastSequence,
    long Duplicates,
    long Acknowledged,
    long Transactions,
    long FailedTransactions)
{
    public long Count => Priorities.Sum(p => p.Count);

    public long Bytes => Priorities.Sum(p => p.Bytes);

    public long Appended => Priorities.Sum(p => p.Appended);

    public long Evicted => Priorities.Sum(p => p.Evicted);

    public long Rejected => Priorities.Sum(p => p.Rejected);

    public PriorityStats this[BufferPriority priority] => Priorities[(int)priority];
}
