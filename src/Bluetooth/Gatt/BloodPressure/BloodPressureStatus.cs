using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.BloodPressure;

/// <summary>Pulse rate range detection, Measurement Status bits 3–4 (GSS §3.31).</summary>
public enum PulseRateRange
{
    WithinRange = 0,
    AboveUpperLimit = 1,
    BelowLowerLimit = 2,
    /// <summary>Value 3 is reserved for future use.</summary>
    Reserved = 3,
}

/// <summary>The Measurement Status field of Blood Pressure Measurement and Intermediate Cuff Pressure
/// (GSS §3.31, BLS v1.1.1). Bits 6–15 are RFU and ignored on receipt.</summary>
public readonly record struct BloodPressureStatus(ushort Raw)
{
    public bool BodyMovement => (Raw & 0x0001) != 0;
    public bool CuffTooLoose => (Raw & 0x0002) != 0;
    public bool IrregularPulse => (Raw & 0x0004) != 0;
    public PulseRateRange PulseRateRange => (PulseRateRange)((Raw >> 3) & 0x3);
    public bool ImproperPosition => (Raw & 0x0020) != 0;

    /// <summary>The Core flags for these bits (mapping documented on <see cref="ReadingFlags"/>).</summary>
    public ReadingFlags ToReadingFlags()
    {
        var flags = ReadingFlags.None;
        if (BodyMovement)
        {
            flags |= ReadingFlags.BodyMovement;
        }
        if (CuffTooLoose)
        {
            flags |= ReadingFlags.CuffFitLoose;
        }
        if (IrregularPulse)
        {
            flags |= ReadingFlags.IrregularPulse;
        }
        if (ImproperPosition)
        {
            flags |= ReadingFlags.ImproperPosition;
        }
        return flags | PulseRateRange switch
        {
            PulseRateRange.AboveUpperLimit => ReadingFlags.PulseRateHigh,
            PulseRateRange.BelowLowerLimit => ReadingFlags.PulseRateLow,
            _ => ReadingFlags.None,
        };
    }
}
