using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

/// <summary>Valid readings to derive test cases from with <c>with { … }</c>.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Received = new(2025, 3, 14, 8, 30, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = Received.AddSeconds(2);

    public const string CuffAddress = "C4:7C:8D:6A:3F:01";

    public static Reading Systolic(long? record = 17) => new()
    {
        Kind = ReadingKinds.BpSystolic,
        Value = 120,
        Unit = "mm[Hg]",
        DeviceId = CuffAddress,
        Source = ReadingSource.Ble,
        MeasuredAt = Received.AddMinutes(-3),
        ReceivedAt = Received,
        DeviceRecordNumber = record,
        Reported = new Quantity(16.0, "kPa"),
        Priority = ReadingPriority.Bulk,
    };

    public static Reading EcgII(int[]? samples = null) => new()
    {
        Kind = "ecg.II",
        Value = 0,
        Unit = "uV",
        DeviceId = "monitor-07",
        Source = ReadingSource.Mqtt,
        MeasuredAt = Received.AddSeconds(-1),
        ReceivedAt = Received,
        Waveform = new Waveform
        {
            Lead = "II",
            SampleRateHz = 250,
            StartTime = Received.AddSeconds(-1),
            Samples = samples ?? [0, 120, 850, -210, 40],
            Resolution = 2.5,
        },
    };
}
