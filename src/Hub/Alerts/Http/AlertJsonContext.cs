using System.Text.Json.Serialization;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>Source-generated JSON of the alert API: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AlertListResponse))]
[JsonSerializable(typeof(AlertJson))]
[JsonSerializable(typeof(AlertChangeJson))]
[JsonSerializable(typeof(AlertAuditResponse))]
[JsonSerializable(typeof(AlertActionRequest))]
[JsonSerializable(typeof(AlertRulesResponse))]
[JsonSerializable(typeof(AlertRulesRequest))]
[JsonSerializable(typeof(AlertErrorResponse))]
public sealed partial class AlertJsonContext : JsonSerializerContext;

