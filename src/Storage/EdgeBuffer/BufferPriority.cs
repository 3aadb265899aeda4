namespace TelemetryGateway.Storage.EdgeBuffer;

/// <summary>Latency class of a buffered item. Higher values are more urgent and are sent first.</summary>
public enum BufferPriority
{
    /// <summary>Back-fill of a buffered backlog (e.g. readings pulled off a meter at a follow-up).</summary>
    Bulk = 0,

    /// <summary>Live vitals (e.g. an inbound ambulance's monitor).</summary>
    Live = 1,

    /// <summary>Alerts. Never evicted: when only alerts remain, further appends are rejected.</summary>
    Alert = 2,
}
