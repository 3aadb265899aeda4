using System.Text.Json.Serialization;

namespace TelemetryGateway.Hub;

/// <summary>Source-generated JSON of the HTTP API: camelCase, nulls written (a null time means "no device time").</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReadingsResponse))]
[JsonSerializable(typeof(GatewaysResponse))]
[JsonSerializable(typeof(AlertsResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class HubJsonContext : JsonSerializerContext;
