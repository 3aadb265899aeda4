namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>What a meter says about itself in its header record.</summary>
/// <param name="Model">Product code, e.g. "Bayer7390" (header field 5, component 1).</param>
/// <param name="SerialNumber">E.g. "7390-2336773" (field 5, component 3): the stable device id.</param>
/// <param name="Versions">Software versions (field 5, component 2, repeats joined with '/').</param>
/// <param name="StoredResults">Results in memory, when the meter says (Bayer: field 7).</param>
/// <param name="MeterClock">The meter's clock when it sent the header (field 14), local time without offset.</param>
public sealed record MeterIdentity(string Model, string SerialNumber, string Versions, int? StoredResults, DateTime? MeterClock);
