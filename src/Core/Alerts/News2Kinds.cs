namespace TelemetryGateway.Core.Alerts;

/// <summary>The reading kinds NEWS2 scores beyond the vital signs of design.md's table (both are in
/// <see cref="ReadingKinds"/>, so a monitor reporting them reaches the rules).</summary>
public static class News2Kinds
{
    /// <summary>ACVPU level of consciousness as a number: 0 = Alert, 1 = new Confusion, 2 = responds to Voice,
    /// 3 = responds to Pain, 4 = Unresponsive. RCP NEWS2 (2017) chart: A scores 0, C/V/P/U score 3.</summary>
    public const string Consciousness = ReadingKinds.Consciousness;

    /// <summary>Supplemental oxygen: 0 = breathing air, 1 = on oxygen. RCP NEWS2 chart: oxygen scores 2.</summary>
    public const string SupplementalOxygen = ReadingKinds.SupplementalOxygen;
}
