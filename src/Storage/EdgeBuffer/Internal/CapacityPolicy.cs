namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>
/// Which items make room for a new one when the buffer is at capacity (README.md, "Capacity"):
/// oldest bulk first, then oldest live, never alerts; and never an item more urgent than the one
/// being appended, so back-fill cannot push out live vitals.
/// </summary>
internal static class CapacityPolicy
{
    /// <summary>True when the item fits, possibly after evicting every class it may evict.</summary>
    public static bool CanMakeRoom(BufferTotals totals, BufferPriority priority, long size, long capacity)
    {
        var evictable = 0L;
        for (var c = 0; c <= HighestEvictable(priority); c++)
        {
            evictable += totals.Bytes[c];
        }

        return totals.TotalBytes - evictable + size <= capacity;
    }

    /// <summary>The class whose oldest item goes next, or null when nothing evictable is left.</summary>
    public static BufferPriority? NextVictim(BufferTotals totals, BufferPriority priority)
    {
        for (var c = 0; c <= HighestEvictable(priority); c++)
        {
            if (totals.Count[c] > 0)
            {
                return (BufferPriority)c;
            }
        }

        return null;
    }

    private static int HighestEvictable(BufferPriority priority) =>
        Math.Min((int)priority, (int)BufferPriority.Live);
}
