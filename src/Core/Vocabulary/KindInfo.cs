namespace TelemetryGateway.Core;

/// <summary>What the system knows about one reading kind.</summary>
/// <param name="Kind">The kind string, e.g. "bp.systolic".</param>
/// <param name="Loinc">LOINC code, or null where design.md gives none (ECG leads).</param>
/// <param name="Unit">Canonical UCUM unit; every stored value of this kind is in it.</param>
/// <param name="DisplayName">Human name for dashboards and messages.</param>
/// <param name="PlausibleMin">Lowest value that can be a real measurement (inclusive).</param>
/// <param name="PlausibleMax">Highest value that can be a real measurement (inclusive).</param>
/// <remarks>
/// The plausible range is deliberately wide: it rejects absurd values (a decoding error, a unit mix-up,
/// a sensor fault) and never a real, however alarming, measurement. Clinical thresholds (BP ≥ 140/90)
/// are alert rules, not this.
/// </remarks>
public sealed record KindInfo(
    string Kind,
    string? Loinc,
    string Unit,
    string DisplayName,
    double PlausibleMin,
    double PlausibleMax)
{
    /// <summary>True for sampled waveforms (ECG leads), whose readings carry a <see cref="Waveform"/>.</summary>
    public bool IsWaveform => Kind.StartsWith(ReadingKinds.EcgPrefix, StringComparison.Ordinal);

    /// <summary>True if <paramref name="value"/> lies within the plausible range (NaN never does).</summary>
    public bool IsPlausible(double value) => value >= PlausibleMin && value <= PlausibleMax;
}
