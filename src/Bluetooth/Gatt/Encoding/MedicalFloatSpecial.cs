namespace TelemetryGateway.Bluetooth.Gatt.Encoding;

/// <summary>The special values of IEEE 11073-20601 SFLOAT-Type and FLOAT-Type (and the SIG's
/// Personal Health Devices Transcoding White Paper).</summary>
/// <remarks>All specials carry exponent 0 and a reserved mantissa (SFLOAT 0x7FE–0x802, FLOAT
/// 0x7FFFFE–0x800002); with any other exponent those mantissas are ordinary numbers.</remarks>
public enum MedicalFloatSpecial
{
    /// <summary>An ordinary finite number: mantissa × 10^exponent.</summary>
    None = 0,
    /// <summary>Not a Number (SFLOAT 0x07FF, FLOAT 0x007FFFFF): the device has no value.</summary>
    NaN,
    /// <summary>Not at this Resolution (SFLOAT 0x0800, FLOAT 0x00800000): a value exists but cannot be
    /// represented with this precision.</summary>
    NRes,
    /// <summary>+ INFINITY (SFLOAT 0x07FE, FLOAT 0x007FFFFE): above the measuring range.</summary>
    PositiveInfinity,
    /// <summary>− INFINITY (SFLOAT 0x0802, FLOAT 0x00800002): below the measuring range.</summary>
    NegativeInfinity,
    /// <summary>Reserved for future use (SFLOAT 0x0801, FLOAT 0x00800001).</summary>
    Reserved,
}
