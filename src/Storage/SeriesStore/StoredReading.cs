using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>A reading as the hub stored it.</summary>
/// <param name="Reading">The reading exactly as it was first written.</param>
/// <param name="StoredAt">Hub clock when the batch that first stored it was written.</param>
/// <param name="GatewayId">The gateway that delivered it first; later deliveries were duplicates.</param>
public sealed record StoredReading(Reading Reading, DateTimeOffset StoredAt, string GatewayId);
