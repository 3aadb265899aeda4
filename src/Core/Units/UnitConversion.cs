namespace TelemetryGateway.Core;

/// <summary>Converts values as devices report them to the canonical unit of their kind.</summary>
/// <remarks>
/// Factors:
/// <list type="bullet">
/// <item>kPa → mm[Hg]: × 7.50062 (1 mmHg = 133.322 Pa; BLS cuffs may report kPa, flags bit 0).</item>
/// <item>°F → Cel: (F − 32) × 5/9.</item>
/// <item>[lb_av] → kg: × 0.45359237 (exact, international avoirdupois pound).</item>
/// <item>mV → uV: × 1000.</item>
/// <item>Glucose only (the factor is glucose's molar mass, 180.16 g/mol, so it must never apply to another
/// substance): mg/dL → mmol/L ÷ 18.016 (design.md); BLE GLS kg/L → mg/dL × 100 000, then ÷ 18.016;
/// BLE GLS mol/L → mmol/L × 1000.</item>
/// </list>
/// No rounding here: storage keeps full precision and <see cref="Reading.Reported"/> keeps the original.
/// </remarks>
public static class UnitConversion
{
    /// <summary>mmHg per kPa (design brief).</summary>
    public const double MmHgPerKilopascal = 7.50062;

    /// <summary>mg/dL of glucose per mmol/L (molar mass 180.16 g/mol ÷ 10 dL/L; design.md).</summary>
    public const double GlucoseMgPerDlPerMmolPerL = 18.016;

    /// <summary>kg per international avoirdupois pound (exact by definition).</summary>
    public const double KilogramsPerPound = 0.45359237;

    // Conversions valid for any kind whose canonical unit is the target.
    private static readonly Dictionary<(string From, string To), Func<double, double>> Generic = new()
    {
        [(Ucum.Kilopascal, Ucum.MillimetreOfMercury)] = v => v * MmHgPerKilopascal,
        [(Ucum.Fahrenheit, Ucum.Celsius)] = v => (v - 32.0) * 5.0 / 9.0,
        [(Ucum.Pound, Ucum.Kilogram)] = v => v * KilogramsPerPound,
        [(Ucum.Millivolt, Ucum.Microvolt)] = v => v * 1000.0,
    };

    // Mass/molar concentration conversions that depend on the substance: glucose → mmol/L.
    private static readonly Dictionary<string, Func<double, double>> GlucoseToMmolPerL = new(StringComparer.Ordinal)
    {
        [Ucum.MilligramPerDecilitre] = v => v / GlucoseMgPerDlPerMmolPerL,
        // 1 kg/L = 10^6 mg / 10 dL = 100 000 mg/dL.
        [Ucum.KilogramPerLitre] = v => v * 100_000.0 / GlucoseMgPerDlPerMmolPerL,
        [Ucum.MolePerLitre] = v => v * 1000.0,
    };

    /// <summary>Converts <paramref name="value"/> in <paramref name="unit"/> (any spelling <see cref="Ucum.TryNormalize"/>
    /// accepts) to the canonical unit of <paramref name="kind"/>.</summary>
    public static ConversionResult ToCanonical(string kind, double value, string unit)
    {
        if (!ReadingKinds.TryGet(kind, out var info))
        {
            return ConversionResult.Fail(ConversionError.UnknownKind, $"Unknown reading kind '{kind}'.");
        }
        if (!Ucum.TryNormalize(unit, out var code))
        {
            return ConversionResult.Fail(ConversionError.UnknownUnit, $"Unknown unit '{unit}' for {kind}.");
        }
        if (code == info.Unit)
        {
            return ConversionResult.Ok(value, info.Unit);
        }
        if (Generic.TryGetValue((code, info.Unit), out var convert)
            || (kind == ReadingKinds.Glucose && GlucoseToMmolPerL.TryGetValue(code, out convert)))
        {
            return ConversionResult.Ok(convert(value), info.Unit);
        }
        return ConversionResult.Fail(
            ConversionError.IncompatibleUnit,
            $"Unit '{unit}' cannot be converted to {info.Unit}, the unit of {kind}.");
    }

    /// <summary>Try-pattern form of <see cref="ToCanonical"/>.</summary>
    public static bool TryToCanonical(string kind, double value, string unit, out Quantity canonical)
    {
        var result = ToCanonical(kind, value, unit);
        canonical = result.Value;
        return result.Success;
    }

    /// <summary>Converts between two units without a kind. Substance-specific conversions (glucose
    /// mass ↔ molar concentration) are not available here; use <see cref="ToCanonical"/>.</summary>
    public static bool TryConvert(double value, string fromUnit, string toUnit, out double result)
    {
        if (Ucum.TryNormalize(fromUnit, out var from) && Ucum.TryNormalize(toUnit, out var to))
        {
            if (from == to)
            {
                result = value;
                return true;
            }
            if (Generic.TryGetValue((from, to), out var convert))
            {
                result = convert(value);
                return true;
            }
        }
        result = double.NaN;
        return false;
    }
}
