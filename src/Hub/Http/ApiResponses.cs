using System.Text.Json;

namespace TelemetryGateway.Hub;

/// <summary><c>GET /api/readings</c>.</summary>
public sealed record ReadingsResponse(IReadOnlyList<ReadingJson> Readings);

/// <summary><c>GET /api/gateways</c>.</summary>
public sealed record GatewaysResponse(IReadOnlyList<GatewaySnapshot> Gateways);

/// <summary><c>GET /api/alerts</c> (alerts are not raised yet: always empty).</summary>
public sealed record AlertsResponse(IReadOnlyList<JsonElement> Alerts);

/// <summary><c>GET /healthz</c>: "ok" with 200, or "unhealthy" with 503.</summary>
public sealed record HealthResponse(string Status, string HubId, bool StoreHealthy, long GatewaysConnected);

/// <summary>A refused request (400): what was wrong.</summary>
public sealed record ErrorResponse(string Error);
