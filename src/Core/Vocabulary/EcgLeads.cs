using System.Diagnostics.CodeAnalysis;

namespace TelemetryGateway.Core;

/// <summary>The twelve standard ECG leads that may follow "ecg." in a kind.</summary>
/// <remarks>
/// Limb leads I, II, III; augmented limb leads aVR, aVL, aVF; precordial leads V1–V6. The spelling here is
/// the only one accepted in a kind (the kind is part of the idempotency key and the storage key, so
/// "ecg.avr" and "ecg.aVR" must not become two series). Decoders use <see cref="TryNormalize"/> to map a
/// monitor's spelling to it.
/// </remarks>
public static class EcgLeads
{
    /// <summary>All valid leads in conventional order.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];

    private static readonly HashSet<string> Exact = new(All, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Folded =
        All.ToDictionary(l => l, l => l, StringComparer.OrdinalIgnoreCase);

    /// <summary>True if <paramref name="lead"/> is a lead in its canonical spelling.</summary>
    public static bool IsValid([NotNullWhen(true)] string? lead) => lead is not null && Exact.Contains(lead);

    /// <summary>Maps a lead name in any letter case (and surrounding spaces) to its canonical spelling, e.g. "AVR" → "aVR".</summary>
    public static bool TryNormalize(string? lead, [NotNullWhen(true)] out string? canonical)
    {
        if (lead is not null && Folded.TryGetValue(lead.Trim(), out canonical))
        {
            return true;
        }
        canonical = null;
        return false;
    }
}
