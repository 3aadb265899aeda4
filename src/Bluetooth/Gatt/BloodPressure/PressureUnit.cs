using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.BloodPressure;

/// <summary>Flags bit 0 of the blood pressure characteristics (GSS §3.31): 0 mmHg, 1 kPa.</summary>
public enum PressureUnit
{
    MillimetreOfMercury = 0,
    Kilopascal = 1,
}

internal static class PressureUnits
{
    public static string Ucum(this PressureUnit unit) =>
        unit == PressureUnit.Kilopascal ? Core.Ucum.Kilopascal : Core.Ucum.MillimetreOfMercury;
}
