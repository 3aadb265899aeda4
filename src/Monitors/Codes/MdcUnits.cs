using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Codes;

/// <summary>ISO/IEEE 11073-10101 dimension codes (partition 4, MDC_DIM_*) and the UCUM unit each stands for.</summary>
public static class MdcUnits
{
    private static readonly (int Term, string ReferenceId, string Ucum)[] Table =
    [
        (3872, "MDC_DIM_MMHG", Core.Ucum.MillimetreOfMercury),
        (3843, "MDC_DIM_KILO_PASCAL", Core.Ucum.Kilopascal),
        (544, "MDC_DIM_PERCENT", Core.Ucum.Percent),
        (2720, "MDC_DIM_BEAT_PER_MIN", Core.Ucum.PerMinute),
        (2784, "MDC_DIM_RESP_PER_MIN", Core.Ucum.PerMinute),
        (6048, "MDC_DIM_DEGC", Core.Ucum.Celsius),
        (4416, "MDC_DIM_FAHR", Core.Ucum.Fahrenheit),
        (1731, "MDC_DIM_KILO_G", Core.Ucum.Kilogram),
        (1760, "MDC_DIM_LB", Core.Ucum.Pound),
        (2130, "MDC_DIM_MILLI_G_PER_DL", Core.Ucum.MilligramPerDecilitre),
        (4722, "MDC_DIM_MILLI_MOLE_PER_L", Core.Ucum.MillimolePerLitre),
        (4274, "MDC_DIM_MILLI_VOLT", Core.Ucum.Millivolt),
        (4275, "MDC_DIM_MICRO_VOLT", Core.Ucum.Microvolt),
    ];

    private static readonly Dictionary<int, string> ByCode =
        Table.ToDictionary(e => MdcNomenclature.ContextFree(MdcNomenclature.PartitionDimensions, e.Term), e => e.Ucum);

    private static readonly Dictionary<string, string> ByReferenceId =
        Table.ToDictionary(e => e.ReferenceId, e => e.Ucum, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, (int Code, string ReferenceId)> ByUcum = BuildReverse();

    /// <summary>The UCUM code for an MDC dimension given by number (266016) or Reference ID (MDC_DIM_MMHG).</summary>
    public static bool TryToUcum(string identifier, out string ucum)
    {
        if (int.TryParse(identifier, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return ByCode.TryGetValue(code, out ucum!);
        }
        return ByReferenceId.TryGetValue(identifier.Trim(), out ucum!);
    }

    /// <summary>The MDC dimension for a UCUM unit, for writing HL7 (first match wins: /min → beats per minute).</summary>
    public static bool TryFromUcum(string ucum, out int code, out string referenceId)
    {
        var found = ByUcum.TryGetValue(ucum, out var entry);
        (code, referenceId) = entry;
        referenceId ??= "";
        return found;
    }

    private static Dictionary<string, (int, string)> BuildReverse()
    {
        var map = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var (term, id, ucum) in Table)
        {
            map.TryAdd(ucum, (MdcNomenclature.ContextFree(MdcNomenclature.PartitionDimensions, term), id));
        }
        return map;
    }
}
