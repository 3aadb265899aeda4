using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Accutorr;

/// <summary>Turns one NIBP result of the monitor into <see cref="Reading"/>s.</summary>
public static class AccutorrReadings
{
    /// <summary>
    /// Systolic, diastolic and mean pressure (mm[Hg]), the pulse rate as heart.rate (the cuff's pulse, as the
    /// vocabulary says) and SaO2 as spo2 when present. The monitor sends no record number and no clock time:
    /// <paramref name="measuredAt"/> comes from the gateway (now less the elapsed minutes) and
    /// <paramref name="measurement"/> is the gateway's own count of this monitor's measurements.
    /// </summary>
    public static IReadOnlyList<Reading> ToReadings(AccutorrPatientData data, string deviceId, long measurement, DateTimeOffset measuredAt, DateTimeOffset receivedAt, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var readings = new List<Reading>(5);
        void Add(string kind, int? value, string unit)
        {
            if (value is { } v)
            {
                readings.Add(new Reading
                {
                    Kind = kind,
                    Value = v,
                    Unit = unit,
                    DeviceId = deviceId,
                    PatientId = patientId,
                    Source = ReadingSource.Serial,
                    MeasuredAt = measuredAt,
                    ReceivedAt = receivedAt,
                    DeviceRecordNumber = measurement,
                    Reported = new Quantity(v, unit),
                    Priority = ReadingPriority.Bulk,
                });
            }
        }

        Add(ReadingKinds.BpSystolic, data.Systolic, Ucum.MillimetreOfMercury);
        Add(ReadingKinds.BpDiastolic, data.Diastolic, Ucum.MillimetreOfMercury);
        Add(ReadingKinds.BpMean, data.Mean, Ucum.MillimetreOfMercury);
        Add(ReadingKinds.HeartRate, data.PulseRate, Ucum.PerMinute);
        Add(ReadingKinds.SpO2, data.SaO2, Ucum.Percent);
        return readings;
    }
}
