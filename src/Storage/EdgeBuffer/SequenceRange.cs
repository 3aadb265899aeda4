namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>
/// An inclusive range of sequence numbers that the hub reports as durable. A range asserts that the hub
/// holds every sequence number in it, so the hub may only build ranges from runs of sequence numbers it
/// actually received (see README.md, "Acknowledgement").
/// </summary>
public readonly record struct SequenceRange
{
    public SequenceRange(long first, long last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        First = first;
        Last = last;
    }

    public long First { get; }

    public long Last { get; }

    public static SequenceRange Single(long sequence) => new(sequence, sequence);

    /// <summary>Compresses sequence numbers into the fewest ranges that cover exactly those numbers.</summary>
    public static IReadOnlyList<SequenceRange> FromSequences(IEnumerable<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var sorted = sequences.Distinct().Order().ToArray();
        var ranges = new List<SequenceRange>();
        var i = 0;
        while (i < sorted.Length)
        {
            var first = sorted[i];
            var last = first;
            while (i + 1 < sorted.Length && sorted[i + 1] == last + 1)
            {
                last = sorted[++i];
            }

            ranges.Add(new SequenceRange(first, last));
            i++;
        }

        return ranges;
    }

    public override string ToString() => First == Last ? $"{First}" : $"{First}..{Last}";
}
