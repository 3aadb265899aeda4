namespace TelemetryGateway.Core.Alerts;

/// <summary>Reading kinds NEWS2 uses beyond the vocabulary of design.md. They are scored when a monitor
/// reports them; they still need entries in <see cref="ReadingKinds"/> before a validated reading can carry them.</summary>
public static class News2Kinds
{
    /// <summary>ACVPU level of consciousness as a number: 0 = Alert, 1 = new Confusion, 2 = responds to Voice,
    /// 3 = responds to Pain, 4 = Unresponsive. RCP NEWS2 (2017) chart: A scores 0, C/V/P/U score 3.</summary>
    public const string Consciousness = "consciousness.acvpu";

    /// <summary>Supplemental oxygen: 0 = breathing air, 1 = on oxygen. RCP NEWS2 chart: oxygen scores 2.</summary>
    public const string SupplementalOxygen = "oxygen.supplemental";
}
