using System.Text.Json;

namespace TelemetryGateway.Hub;

/// <summary><c>GET /api/readings</c>.</summary>
public sealed record ReadingsResponse(IReadOnlyList<ReadingJson> Readings);

/// <summary><c>GET /api/gateways</c>.</summary>
public sealed record GatewaysResponse(IReadOnlyList<GatewaySnapshot> Gateways);

/// <summary><c>GET /api/alerts</c> (alerts are not raised yet: always empty).</summary>
public sealed record AlertsResponse(IReadOnlyList<JsonElement> Alerts);

/// <summary><c>GET /healthz</c>: "ok" with 200, "warning" with 200 when the store's backend reported a weakened
/// guarantee at start, or "unhealthy" with 503. <see cref="Backend"/> is null for the embedded store.</summary>
public sealed record HealthResponse(string Status, string HubId, bool StoreHealthy, long GatewaysConnected, BackendHealth? Backend = null);

/// <summary>The time-series server behind the store: kind, whether it answered its health probe, the last
/// failure seen (message and time), and warnings such as VictoriaMetrics running without deduplication.</summary>
public sealed record BackendHealth(string Kind, bool Up, string? LastError, DateTimeOffset? LastErrorAt, IReadOnlyList<string> Warnings);

/// <summary>A refused request (400): what was wrong.</summary>
public sealed record ErrorResponse(string Error);
