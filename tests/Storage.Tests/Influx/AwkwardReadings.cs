using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>Readings whose ids and units hold everything line protocol and query languages escape: spaces,
/// commas, equals signs, both quotes, backslashes (also trailing), percent signs, tabs, newlines, Unicode.</summary>
internal static class AwkwardReadings
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] DeviceStems =
    [
        "cuff A4:C1:38",
        "meter,serial=7",
        "monitor \"north\" bay",
        "it's\\a\\path\\",
        "Zoë-Ångström 王小明 🩺",
        "tab\there, new\nline",
        "100% = done",
        "=leading,equals",
    ];

    private static readonly string[] PatientStems =
    [
        "P-1001",
        "O'Brien, Seán",
        "name=\"x\" y",
        "back\\slash\\",
        "李雷 & 韩梅梅",
    ];

    private static readonly string[] Units = ["mm[Hg]", "/min", "unit with space", "a,b=c", "\"q\"\\u", "µg/㎗"];

    private static readonly string[] Kinds = [ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic, ReadingKinds.HeartRate, ReadingKinds.Glucose];

    /// <summary><paramref name="count"/> distinct readings: half keyed by record number, half by measured
    /// time, and a run of 300 record-numbered readings of one device and kind at one instant.</summary>
    public static Reading[] Make(int count)
    {
        var readings = new Reading[count];
        for (var i = 0; i < count; i++)
        {
            var device = $"{DeviceStems[i % DeviceStems.Length]} #{i % 40}";
            var patient = i % 7 == 0 ? null : $"{PatientStems[i % PatientStems.Length]} {i % 40}";
            var kind = Kinds[(i / 40) % Kinds.Length];
            var sameInstant = i < 300;
            var measured = sameInstant ? T0 : T0.AddMilliseconds(i * 37.5).AddTicks(i % 7);
            readings[i] = new Reading
            {
                Kind = sameInstant ? ReadingKinds.Glucose : kind,
                Value = sameInstant ? i : Math.Round(40 + (i % 1000) * 0.137, 3) + (i % 3 == 0 ? 1e-13 : 0),
                Unit = Units[i % Units.Length],
                DeviceId = sameInstant ? DeviceStems[3] : device,
                PatientId = patient,
                Source = (ReadingSource)(1 + (i % 5)),
                MeasuredAt = i % 11 == 0 && !sameInstant ? null : measured.ToOffset(TimeSpan.FromMinutes(((i % 5) - 2) * 90)),
                ReceivedAt = measured.AddSeconds(2),
                DeviceRecordNumber = sameInstant || i % 2 == 0 ? i : null,
                Flags = (ReadingFlags)(i % 13 == 0 ? -1L : 1L << (i % 30)),
                Reported = i % 4 == 0 ? new Quantity(i * 0.5, Units[(i + 1) % Units.Length]) : null,
                Priority = (ReadingPriority)(i % 3),
            };
        }
        return readings;
    }
}
