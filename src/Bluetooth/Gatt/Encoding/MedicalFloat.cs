using System.Globalization;

namespace TelemetryGateway.Bluetooth.Gatt.Encoding;

/// <summary>An IEEE 11073-20601 medical float as carried in GATT characteristics: SFLOAT-Type (16 bits:
/// 4-bit exponent, 12-bit mantissa) or FLOAT-Type (32 bits: 8-bit exponent, 24-bit mantissa), both
/// two's complement, value = mantissa × 10^exponent (IEEE 11073-20601; the SIG's
/// Personal Health Devices Transcoding White Paper).</summary>
/// <remarks>
/// Kept as mantissa and exponent rather than a double so that 51.3 stays exactly 513 × 10⁻¹ for
/// display and re-encoding, and so that a special value says which special it is (NaN and NRes both
/// mean "no number", but NRes says the device had one). <see cref="Value"/> gives the double.
/// </remarks>
public readonly partial record struct MedicalFloat(int Mantissa, int Exponent, MedicalFloatSpecial Special)
{
    public static MedicalFloat NaN => new(0, 0, MedicalFloatSpecial.NaN);
    public static MedicalFloat NRes => new(0, 0, MedicalFloatSpecial.NRes);
    public static MedicalFloat PositiveInfinity => new(0, 0, MedicalFloatSpecial.PositiveInfinity);
    public static MedicalFloat NegativeInfinity => new(0, 0, MedicalFloatSpecial.NegativeInfinity);

    /// <summary>True for an ordinary number (no special value).</summary>
    public bool IsFinite => Special == MedicalFloatSpecial.None;

    /// <summary>The number as a double: NaN for NaN, NRes and Reserved; ±∞ for the infinities.</summary>
    /// <remarks>Negative exponents divide by an exact power of ten (10^k is exact in a double up to
    /// k = 22), so 513 × 10⁻¹ gives the double nearest 51.3, not 51.300000000000004.</remarks>
    public double Value => Special switch
    {
        MedicalFloatSpecial.None => Scale(Mantissa, Exponent),
        MedicalFloatSpecial.PositiveInfinity => double.PositiveInfinity,
        MedicalFloatSpecial.NegativeInfinity => double.NegativeInfinity,
        _ => double.NaN,
    };

    /// <summary>Decodes a 16-bit SFLOAT (already assembled from its two little-endian octets).</summary>
    public static MedicalFloat FromSFloat(ushort raw)
    {
        var mantissaBits = raw & 0x0FFF;
        var exponent = (raw >> 12) ^ 0x8;
        exponent -= 0x8; // sign-extend the 4-bit exponent
        if (exponent == 0 && mantissaBits is >= 0x07FE and <= 0x0802)
        {
            return new MedicalFloat(0, 0, SpecialOf(mantissaBits - 0x0800));
        }
        var mantissa = (mantissaBits ^ 0x0800) - 0x0800;
        return new MedicalFloat(mantissa, exponent, MedicalFloatSpecial.None);
    }

    /// <summary>Decodes a 32-bit FLOAT (already assembled from its four little-endian octets).</summary>
    public static MedicalFloat FromFloat(uint raw)
    {
        var mantissaBits = (int)(raw & 0x00FF_FFFF);
        var exponent = (int)(sbyte)(raw >> 24);
        if (exponent == 0 && mantissaBits is >= 0x7F_FFFE and <= 0x80_0002)
        {
            return new MedicalFloat(0, 0, SpecialOf(mantissaBits - 0x80_0000));
        }
        var mantissa = (mantissaBits ^ 0x80_0000) - 0x80_0000;
        return new MedicalFloat(mantissa, exponent, MedicalFloatSpecial.None);
    }

    /// <inheritdoc />
    public override string ToString() => Special switch
    {
        MedicalFloatSpecial.None => Value.ToString("R", CultureInfo.InvariantCulture),
        _ => Special.ToString(),
    };

    // The reserved mantissas relative to 0x800 (SFLOAT) / 0x800000 (FLOAT): -2 +INF, -1 NaN, 0 NRes,
    // +1 reserved, +2 -INF (the same order in both formats).
    private static MedicalFloatSpecial SpecialOf(int offset) => offset switch
    {
        -2 => MedicalFloatSpecial.PositiveInfinity,
        -1 => MedicalFloatSpecial.NaN,
        0 => MedicalFloatSpecial.NRes,
        1 => MedicalFloatSpecial.Reserved,
        _ => MedicalFloatSpecial.NegativeInfinity,
    };

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static double Scale(int mantissa, int exponent)
    {
        if (exponent >= 0)
        {
            return exponent < PowersOfTen.Length ? mantissa * PowersOfTen[exponent] : mantissa * Math.Pow(10, exponent);
        }
        return -exponent < PowersOfTen.Length ? mantissa / PowersOfTen[-exponent] : mantissa / Math.Pow(10, -exponent);
    }
}
