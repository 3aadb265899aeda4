using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>OBX-8 interpretation codes, HL7 Table 0078, to <see cref="ReadingFlags"/>.</summary>
public static class AbnormalFlags
{
    /// <summary>Maps one code; "N" (normal) and empty map to None. False for a code without a flag.</summary>
    public static bool TryMap(string code, out ReadingFlags flag)
    {
        flag = code.Trim() switch
        {
            "L" => ReadingFlags.Low,
            "H" => ReadingFlags.High,
            "LL" => ReadingFlags.CriticalLow,
            "HH" => ReadingFlags.CriticalHigh,
            "A" => ReadingFlags.Abnormal,
            "AA" => ReadingFlags.CriticalAbnormal,
            "<" => ReadingFlags.BelowDetectionLimit,
            ">" => ReadingFlags.AboveDetectionLimit,
            _ => ReadingFlags.None,
        };
        return flag != ReadingFlags.None || code.Trim() is "N" or "";
    }

    /// <summary>The Table 0078 code for one flag, for writing OBX-8; null for flags it has no code for.</summary>
    public static string? CodeOf(ReadingFlags flag) => flag switch
    {
        ReadingFlags.Low => "L",
        ReadingFlags.High => "H",
        ReadingFlags.CriticalLow => "LL",
        ReadingFlags.CriticalHigh => "HH",
        ReadingFlags.Abnormal => "A",
        ReadingFlags.CriticalAbnormal => "AA",
        ReadingFlags.BelowDetectionLimit => "<",
        ReadingFlags.AboveDetectionLimit => ">",
        _ => null,
    };
}
