namespace TelemetryGateway.Core;

/// <summary>Stable text names of <see cref="ReadingFlags"/> for JSON (<c>tg decode</c>, the hub API).</summary>
/// <remarks>
/// Spelled out rather than derived from the enum member names so that renaming a member in code can never
/// silently change what is stored or what API clients match on.
/// </remarks>
public static class ReadingFlagNames
{
    private static readonly (ReadingFlags Flag, string Name)[] Table =
    [
        (ReadingFlags.CuffMovement, "cuff-movement"),
        (ReadingFlags.BodyMovement, "body-movement"),
        (ReadingFlags.CuffFitLoose, "cuff-fit-loose"),
        (ReadingFlags.IrregularPulse, "irregular-pulse"),
        (ReadingFlags.PulseRateHigh, "pulse-rate-high"),
        (ReadingFlags.PulseRateLow, "pulse-rate-low"),
        (ReadingFlags.ImproperPosition, "improper-position"),
        (ReadingFlags.ControlSolution, "control-solution"),
        (ReadingFlags.DeviceBatteryLow, "device-battery-low"),
        (ReadingFlags.SensorMalfunction, "sensor-malfunction"),
        (ReadingFlags.SampleSizeInsufficient, "sample-size-insufficient"),
        (ReadingFlags.StripInsertionError, "strip-insertion-error"),
        (ReadingFlags.StripTypeIncorrect, "strip-type-incorrect"),
        (ReadingFlags.ResultAboveDeviceRange, "result-above-device-range"),
        (ReadingFlags.ResultBelowDeviceRange, "result-below-device-range"),
        (ReadingFlags.SensorTemperatureHigh, "sensor-temperature-high"),
        (ReadingFlags.SensorTemperatureLow, "sensor-temperature-low"),
        (ReadingFlags.SensorReadInterrupted, "sensor-read-interrupted"),
        (ReadingFlags.GeneralDeviceFault, "general-device-fault"),
        (ReadingFlags.DeviceTimeFault, "device-time-fault"),
        (ReadingFlags.MeasurementOutOfRange, "measurement-out-of-range"),
        (ReadingFlags.DeviceClockUncorrected, "device-clock-uncorrected"),
        (ReadingFlags.Low, "low"),
        (ReadingFlags.High, "high"),
        (ReadingFlags.CriticalLow, "critical-low"),
        (ReadingFlags.CriticalHigh, "critical-high"),
        (ReadingFlags.Abnormal, "abnormal"),
        (ReadingFlags.CriticalAbnormal, "critical-abnormal"),
        (ReadingFlags.BelowDetectionLimit, "below-detection-limit"),
        (ReadingFlags.AboveDetectionLimit, "above-detection-limit"),
        (ReadingFlags.QuestionableMeasurement, "questionable-measurement"),
        (ReadingFlags.DemonstrationData, "demonstration-data"),
        (ReadingFlags.BeforeMeal, "before-meal"),
        (ReadingFlags.AfterMeal, "after-meal"),
        (ReadingFlags.Fasting, "fasting"),
    ];

    private static readonly Dictionary<string, ReadingFlags> ByName =
        Table.ToDictionary(e => e.Name, e => e.Flag, StringComparer.Ordinal);

    /// <summary>The name of each set flag, in bit order. Bits without a name are left out.</summary>
    public static IReadOnlyList<string> ToNames(ReadingFlags flags)
    {
        if (flags == ReadingFlags.None)
        {
            return [];
        }
        var names = new List<string>();
        foreach (var (flag, name) in Table)
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>The name of one flag, or null if <paramref name="flag"/> is not exactly one named flag.</summary>
    public static string? NameOf(ReadingFlags flag)
    {
        foreach (var (f, name) in Table)
        {
            if (f == flag)
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>The flag with the given name (exact, case-sensitive).</summary>
    public static bool TryParse(string? name, out ReadingFlags flag)
    {
        if (name is not null && ByName.TryGetValue(name, out flag))
        {
            return true;
        }
        flag = ReadingFlags.None;
        return false;
    }

    /// <summary>Combines named flags; false (and <see cref="ReadingFlags.None"/>) on the first unknown name.</summary>
    public static bool TryParseAll(IEnumerable<string> names, out ReadingFlags flags, out string? unknown)
    {
        flags = ReadingFlags.None;
        foreach (var name in names)
        {
            if (!TryParse(name, out var flag))
            {
                flags = ReadingFlags.None;
                unknown = name;
                return false;
            }
            flags |= flag;
        }
        unknown = null;
        return true;
    }
}
