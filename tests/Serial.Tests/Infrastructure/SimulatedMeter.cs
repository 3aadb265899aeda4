using TelemetryGateway.Core;
using TelemetryGateway.Serial.Meters.Contour;

namespace TelemetryGateway.Serial.Tests.Infrastructure;

/// <summary>What `tgsim meter` stores (firmware-sim/Meter/MeterMemory.cs): test t taken at 2026-11-01 07:30 + 4 h × (t − 1), meter clock in UTC.</summary>
public static class SimulatedMeter
{
    public static readonly DateTime FirstTest = new(2026, 11, 1, 7, 30, 0);

    /// <summary>
    /// Which test a reading at the hub is, from its time; asserts that its device record number is that test's
    /// identity (stored minute, first of its minute), whatever position the test had in the meter's memory.
    /// </summary>
    public static int TestNumber(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var stored = reading.MeasuredAt!.Value.UtcDateTime;
        var t = (int)((stored - FirstTest).TotalHours / 4) + 1;
        Assert.Equal(FirstTest.AddHours(4 * (t - 1)), stored);
        Assert.Equal(ContourRecordIdentity.Of(ContourRecordIdentity.Minute(stored), 1), reading.DeviceRecordNumber);
        return t;
    }
}
