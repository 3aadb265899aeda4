using System.Diagnostics.CodeAnalysis;

namespace TelemetryGateway.Core;

/// <summary>The UCUM unit codes the system uses, and the device spellings that mean them.</summary>
/// <remarks>
/// Codes are case-sensitive UCUM (c/s) as in the UCUM specification, e.g. <c>mm[Hg]</c>, <c>Cel</c>,
/// <c>[lb_av]</c>. Devices and HL7 senders rarely use them ("mmHg", "bpm", "°F"), so decoders pass what
/// they received through <see cref="TryNormalize"/>. Deliberately not accepted: "C" and "F" (UCUM coulomb
/// and farad, and ambiguous as temperature) and "K" (no body thermometer reports kelvin; accepting it
/// would turn a mislabelled Celsius value into a plausible-looking one).
/// </remarks>
public static class Ucum
{
    public const string MillimetreOfMercury = "mm[Hg]";
    public const string Kilopascal = "kPa";
    public const string PerMinute = "/min";
    public const string Percent = "%";
    public const string MillimolePerLitre = "mmol/L";
    public const string MilligramPerDecilitre = "mg/dL";
    /// <summary>BLE GLS "kg/L" glucose concentration unit (Glucose Measurement flags bit 2 = 0).</summary>
    public const string KilogramPerLitre = "kg/L";
    /// <summary>BLE GLS "mol/L" glucose concentration unit (Glucose Measurement flags bit 2 = 1).</summary>
    public const string MolePerLitre = "mol/L";
    public const string Celsius = "Cel";
    public const string Fahrenheit = "[degF]";
    public const string Kilogram = "kg";
    public const string Pound = "[lb_av]";
    public const string Microvolt = "uV";
    public const string Millivolt = "mV";
    /// <summary>UCUM unity: a dimensionless number (a coded state such as ACVPU).</summary>
    public const string Unity = "1";

    // Case-insensitive: no two units we accept differ only by case (we accept no megavolts or
    // petapascals), and meters are inconsistent ("mg/dl", "MMOL/L", "mmhg").
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        [MillimetreOfMercury] = MillimetreOfMercury,
        ["mmHg"] = MillimetreOfMercury,
        ["mm Hg"] = MillimetreOfMercury,
        [Kilopascal] = Kilopascal,
        [PerMinute] = PerMinute,
        ["1/min"] = PerMinute,
        ["min-1"] = PerMinute,
        ["bpm"] = PerMinute,
        ["beats/min"] = PerMinute,
        ["{beats}/min"] = PerMinute,
        ["{beat}/min"] = PerMinute,
        ["breaths/min"] = PerMinute,
        ["{breaths}/min"] = PerMinute,
        ["{breath}/min"] = PerMinute,
        ["brpm"] = PerMinute,
        [Percent] = Percent,
        [MillimolePerLitre] = MillimolePerLitre,
        [MilligramPerDecilitre] = MilligramPerDecilitre,
        [KilogramPerLitre] = KilogramPerLitre,
        [MolePerLitre] = MolePerLitre,
        [Celsius] = Celsius,
        ["°C"] = Celsius,
        ["℃"] = Celsius,
        ["degC"] = Celsius,
        [Fahrenheit] = Fahrenheit,
        ["°F"] = Fahrenheit,
        ["℉"] = Fahrenheit,
        ["degF"] = Fahrenheit,
        [Kilogram] = Kilogram,
        [Pound] = Pound,
        ["lb"] = Pound,
        ["lbs"] = Pound,
        [Microvolt] = Microvolt,
        ["µV"] = Microvolt, // U+00B5 MICRO SIGN
        ["μV"] = Microvolt, // U+03BC GREEK SMALL LETTER MU
        [Millivolt] = Millivolt,
        [Unity] = Unity,
    };

    /// <summary>Maps a device's unit spelling to the UCUM code we use; false for a unit we do not know.</summary>
    public static bool TryNormalize(string? unit, [NotNullWhen(true)] out string? code)
    {
        if (unit is not null && Aliases.TryGetValue(unit.Trim(), out code))
        {
            return true;
        }
        code = null;
        return false;
    }
}
