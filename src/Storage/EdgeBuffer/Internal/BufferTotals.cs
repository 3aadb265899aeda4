namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>
/// What the writer knows about the file (count and bytes per priority, last sequence) and the event
/// counters. The writer mutates a copy inside a transaction and publishes it only after the commit, so a
/// published instance is never changed again and readers need no lock.
/// </summary>
internal sealed class BufferTotals
{
    public const int Classes = 3;

    public long[] Count { get; private init; } = new long[Classes];

    public long[] Bytes { get; private init; } = new long[Classes];

    public long[] Appended { get; private init; } = new long[Classes];

    public long[] Evicted { get; private init; } = new long[Classes];

    public long[] Rejected { get; private init; } = new long[Classes];

    public long LastSequence { get; set; }

    public long Duplicates { get; set; }

    public long Acknowledged { get; set; }

    public long TotalBytes => Bytes[0] + Bytes[1] + Bytes[2];

    public BufferTotals Clone() => new()
    {
        Count = (long[])Count.Clone(),
        Bytes = (long[])Bytes.Clone(),
        Appended = (long[])Appended.Clone(),
        Evicted = (long[])Evicted.Clone(),
        Rejected = (long[])Rejected.Clone(),
        LastSequence = LastSequence,
        Duplicates = Duplicates,
        Acknowledged = Acknowledged,
    };

    /// <summary>Overwrites every figure with <paramref name="other"/>'s (undoing a rolled-back savepoint).</summary>
    public void CopyFrom(BufferTotals other)
    {
        other.Count.CopyTo(Count, 0);
        other.Bytes.CopyTo(Bytes, 0);
        other.Appended.CopyTo(Appended, 0);
        other.Evicted.CopyTo(Evicted, 0);
        other.Rejected.CopyTo(Rejected, 0);
        LastSequence = other.LastSequence;
        Duplicates = other.Duplicates;
        Acknowledged = other.Acknowledged;
    }

    public void Add(int priority, long size)
    {
        Count[priority]++;
        Bytes[priority] += size;
    }

    public void Remove(int priority, long size)
    {
        Count[priority]--;
        Bytes[priority] -= size;
    }
}
