namespace TelemetryGateway.Core;

/// <summary>Latency class of a reading; a higher value is sent first.</summary>
/// <remarks>
/// design.md "Latency classes": live ambulance vitals and alerts go first; back-fill of a buffered backlog
/// runs behind them and never delays the live view. Values are ordered so that
/// <c>a.Priority &gt; b.Priority</c> means "a goes first", and are stable on the wire.
/// </remarks>
public enum ReadingPriority
{
    /// <summary>Back-fill: stored device records pulled at a follow-up, or a backlog after a link outage.</summary>
    Bulk = 0,
    /// <summary>Live vitals (ambulance monitor) that a physician is watching now.</summary>
    Live = 1,
    /// <summary>A reading that raised an edge alert; highest.</summary>
    Alert = 2,
}
