using System.Globalization;
using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Codes;

/// <summary>What an observation code (HL7 CWE/CE identifier^text^coding system) means in our vocabulary.</summary>
/// <param name="Kind">The reading kind, or null (a waveform lead, or a known term without a kind).</param>
/// <param name="Lead">The ECG lead for a waveform code.</param>
/// <param name="Known">True when the code was recognised at all (even without a kind).</param>
public readonly record struct CodeMeaning(string? Kind, string? Lead, bool Known);

/// <summary>Maps observation codes from the coding systems monitors use: IEEE 11073 MDC (numeric or Reference
/// ID), Philips "MDIL" partition-code form (<c>0002-4BB8</c> = 2::0x4BB8 = MDC_PULS_OXIM_SAT_O2), and LOINC.</summary>
public static class ObservationCodes
{
    // LOINC codes of the vocabulary (design.md) and common alternatives monitors send.
    private static readonly Dictionary<string, string> Loinc = BuildLoinc();

    /// <summary>Resolves one coded element.</summary>
    public static CodeMeaning Resolve(string identifier, string text, string system)
    {
        identifier = identifier.Trim();
        system = system.Trim();
        if (system.Equals("LN", StringComparison.OrdinalIgnoreCase) || system.Equals("LOINC", StringComparison.OrdinalIgnoreCase))
        {
            return Loinc.TryGetValue(identifier, out var kind) ? new(kind, null, true) : default;
        }
        // The text names the term only when there is no identifier: a conflicting pair is not guessed at.
        if (TryMdc(identifier, out var term) || (identifier.Length == 0 && TryMdc(text, out term)))
        {
            return new(term.Kind, term.Lead, true);
        }
        // Senders without a coding system: a LOINC-shaped identifier still means LOINC.
        if (system.Length == 0 && Loinc.TryGetValue(identifier, out var loincKind))
        {
            return new(loincKind, null, true);
        }
        return default;
    }

    private static bool TryMdc(string code, out MdcTerm term)
    {
        term = null!;
        if (code.Length == 0)
        {
            return false;
        }
        if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return MdcNomenclature.TryGet(number, out term);
        }
        // MDIL: "pppp-cccc", partition and term code in hex.
        if (code.Length == 9 && code[4] == '-'
            && int.TryParse(code.AsSpan(0, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var partition)
            && int.TryParse(code.AsSpan(5, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var termCode))
        {
            return MdcNomenclature.TryGet(MdcNomenclature.ContextFree(partition, termCode), out term);
        }
        return code.StartsWith("MDC_", StringComparison.OrdinalIgnoreCase) && MdcNomenclature.TryGet(code, out term);
    }

    private static Dictionary<string, string> BuildLoinc()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in ReadingKinds.All)
        {
            if (info.Loinc is not null)
            {
                map[info.Loinc] = info.Kind;
            }
        }
        map["8331-1"] = ReadingKinds.BodyTemperature; // Oral temperature
        map["8332-9"] = ReadingKinds.BodyTemperature; // Rectal temperature
        map["8328-7"] = ReadingKinds.BodyTemperature; // Axillary temperature
        map["8333-7"] = ReadingKinds.BodyTemperature; // Tympanic membrane temperature
        map["2708-6"] = ReadingKinds.SpO2;            // Oxygen saturation in arterial blood (sent by some oximeters)
        return map;
    }
}
