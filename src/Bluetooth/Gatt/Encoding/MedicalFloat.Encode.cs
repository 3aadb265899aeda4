namespace TelemetryGateway.Bluetooth.Gatt.Encoding;

public readonly partial record struct MedicalFloat
{
    private const int SFloatMantissaMax = 0x07FF;
    private const int FloatMantissaMax = 0x7F_FFFF;

    /// <summary>The 16 raw bits of this value as an SFLOAT.</summary>
    /// <exception cref="OverflowException">Mantissa or exponent do not fit, or the pair is a reserved encoding.</exception>
    public ushort ToSFloatBits() => Special switch
    {
        MedicalFloatSpecial.None => (ushort)Pack(Mantissa, Exponent, SFloatMantissaMax, 12, -8, 7),
        _ => (ushort)(0x0800 + SpecialOffset(Special)),
    };

    /// <summary>The 32 raw bits of this value as a FLOAT.</summary>
    /// <exception cref="OverflowException">Mantissa or exponent do not fit, or the pair is a reserved encoding.</exception>
    public uint ToFloatBits() => Special switch
    {
        MedicalFloatSpecial.None => Pack(Mantissa, Exponent, FloatMantissaMax, 24, -128, 127),
        _ => (uint)(0x80_0000 + SpecialOffset(Special)),
    };

    /// <summary>The SFLOAT nearest to <paramref name="value"/> (see <see cref="FromDouble"/>).</summary>
    public static MedicalFloat ToSFloat(double value) => FromDouble(value, SFloatMantissaMax, -8, 7);

    /// <summary>The FLOAT nearest to <paramref name="value"/> (see <see cref="FromDouble"/>); exponents
    /// −20…+20 only, which covers every physiological quantity with room to spare.</summary>
    public static MedicalFloat ToFloat(double value) => FromDouble(value, FloatMantissaMax, -20, 20);

    /// <summary>Encoder policy: the smallest exponent whose mantissa fits (the most precision, rounding half
    /// away from zero), then trailing decimal zeros dropped while the exponent is negative, so 100 is
    /// 100 × 10⁰ and 120.5 is 1205 × 10⁻¹, while 10 000 (too large for the SFLOAT mantissa) is 1000 × 10¹.
    /// Reserved mantissas at exponent 0 are skipped (2046 becomes 205 × 10¹). Too large: ±INFINITY;
    /// non-zero but smaller than the finest step: NRes; NaN: NaN.</summary>
    private static MedicalFloat FromDouble(double value, int mantissaMax, int minExponent, int maxExponent)
    {
        if (double.IsNaN(value))
        {
            return NaN;
        }
        if (value == 0)
        {
            return new MedicalFloat(0, 0, MedicalFloatSpecial.None);
        }
        // The most negative mantissa is one larger in magnitude than the most positive (two's complement).
        var largest = (value > 0 ? mantissaMax : mantissaMax + 1.0) * Math.Pow(10, maxExponent);
        if (Math.Abs(value) > largest)
        {
            return value > 0 ? PositiveInfinity : NegativeInfinity;
        }
        // decimal keeps the shortest round-trip digits of the double (15 significant), so 123.45 × 10
        // is exactly 1234.5 and rounds to 1235, as the writer of 123.45 meant.
        var exact = (decimal)value;
        if (exact == 0)
        {
            return NRes;
        }
        for (var exponent = minExponent; exponent <= maxExponent; exponent++)
        {
            var step = Pow10(exponent);
            if (Math.Abs(exact) > (mantissaMax + 1) * step)
            {
                continue;
            }
            var mantissa = (int)Math.Round(exact / step, MidpointRounding.AwayFromZero);
            if (mantissa > mantissaMax || mantissa < -mantissaMax - 1 || (exponent == 0 && IsReservedAtZero(mantissa, mantissaMax)))
            {
                continue;
            }
            if (mantissa == 0)
            {
                return NRes;
            }
            while (exponent < 0 && mantissa % 10 == 0)
            {
                mantissa /= 10;
                exponent++;
            }
            return new MedicalFloat(mantissa, exponent, MedicalFloatSpecial.None);
        }
        return value > 0 ? PositiveInfinity : NegativeInfinity;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }
        return exponent >= 0 ? result : 1m / result;
    }

    // At exponent 0 the mantissas max-1, max, -(max+1), -max, -(max-1) are the special values.
    private static bool IsReservedAtZero(int mantissa, int mantissaMax) =>
        mantissa >= mantissaMax - 1 || mantissa <= -(mantissaMax - 1);

    private static uint Pack(int mantissa, int exponent, int mantissaMax, int mantissaBits, int minExponent, int maxExponent)
    {
        if (mantissa > mantissaMax || mantissa < -mantissaMax - 1 || exponent < minExponent || exponent > maxExponent
            || (exponent == 0 && IsReservedAtZero(mantissa, mantissaMax)))
        {
            throw new OverflowException($"{mantissa}e{exponent} is not an encodable {(mantissaBits == 12 ? "SFLOAT" : "FLOAT")}.");
        }
        var mantissaMask = (1u << mantissaBits) - 1;
        var exponentMask = mantissaBits == 12 ? 0xFu : 0xFFu;
        return (((uint)exponent & exponentMask) << mantissaBits) | ((uint)mantissa & mantissaMask);
    }

    private static int SpecialOffset(MedicalFloatSpecial special) => special switch
    {
        MedicalFloatSpecial.PositiveInfinity => -2,
        MedicalFloatSpecial.NaN => -1,
        MedicalFloatSpecial.NRes => 0,
        MedicalFloatSpecial.Reserved => 1,
        _ => 2,
    };
}
