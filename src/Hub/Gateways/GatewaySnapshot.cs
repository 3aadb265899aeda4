namespace TelemetryGateway.Hub;

/// <summary>One gateway as <c>GET /api/gateways</c> shows it.</summary>
/// <param name="Id">Gateway id.</param>
/// <param name="Connected">An authenticated ingest stream is open now.</param>
/// <param name="ConnectedSince">When the current (or last) stream was authenticated.</param>
/// <param name="LastContact">Last message from or acknowledgement to the gateway (hub clock).</param>
/// <param name="SoftwareVersion">From the last Hello.</param>
/// <param name="Peer">Address of the last stream.</param>
/// <param name="BufferedReadings">Readings waiting in the gateway's buffer, as last reported.</param>
/// <param name="BufferedBytes">Bytes of that buffer, as last reported.</param>
/// <param name="OldestBuffered">When the oldest buffered reading was buffered, as last reported; null when empty or unknown.</param>
/// <param name="EvictedReadings">Readings the gateway evicted at buffer capacity since it started, as last reported:
/// they were accepted but will never reach the hub, so clinic staff must see the figure.</param>
/// <param name="RefusedReadings">Readings the gateway refused because its buffer was full, as last reported.</param>
/// <param name="LastAck">Highest gateway sequence number acknowledged.</param>
/// <param name="Received">Readings received from this gateway since the hub started.</param>
/// <param name="Stored">Of those, newly stored.</param>
/// <param name="Duplicates">Of those, already stored.</param>
/// <param name="Rejected">Of those, rejected.</param>
public sealed record GatewaySnapshot(
    string Id,
    bool Connected,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastContact,
    string? SoftwareVersion,
    string? Peer,
    long? BufferedReadings,
    long? BufferedBytes,
    DateTimeOffset? OldestBuffered,
    long? EvictedReadings,
    long? RefusedReadings,
    long? LastAck,
    long Received,
    long Stored,
    long Duplicates,
    long Rejected);
