using System.Globalization;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bench.AlertLatency;

internal static class Workload
{
    /// <summary>A cuff measurement of 186/112 mmHg: the edge rules raise an urgent bp.hypertension alert.</summary>
    public static Reading[] UrgentBp(string patient, DateTimeOffset at) =>
    [
        Bp(ReadingKinds.BpSystolic, 186, patient, at),
        Bp(ReadingKinds.BpDiastolic, 112, patient, at),
    ];

    private static Reading Bp(string kind, double value, string patient, DateTimeOffset at) => new()
    {
        Kind = kind,
        Value = value,
        Unit = "mm[Hg]",
        PatientId = patient,
        DeviceId = "cuff-" + patient,
        Source = ReadingSource.Ble,
        MeasuredAt = at,
        ReceivedAt = at,
        DeviceRecordNumber = 1,
    };

    public static string Describe(string what, List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {At(0.50):F1} ms, p90 {At(0.90):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms (n={sorted.Length})");
    }
}
