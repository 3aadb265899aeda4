using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Contracts;

/// <summary>Helpers both ends of the Ingest stream share.</summary>
public static class IngestProtocol
{
    /// <summary>Largest batch a hub accepts unless it says otherwise in Welcome.</summary>
    public const int DefaultMaxBatchReadings = 2000;

    /// <summary>Collapses sequence numbers into inclusive ranges (sorted, merged), the form an Ack carries.</summary>
    public static List<SequenceRange> ToRanges(IEnumerable<long> sequences)
    {
        var ranges = new List<SequenceRange>();
        foreach (var sequence in sequences.Order())
        {
            if (ranges.Count > 0 && ranges[^1].Last + 1 >= sequence)
            {
                ranges[^1].Last = Math.Max(ranges[^1].Last, sequence);
            }
            else
            {
                ranges.Add(new SequenceRange { First = sequence, Last = sequence });
            }
        }
        return ranges;
    }
}
