using TelemetryGateway.Core;

namespace TelemetryGateway.Bench.Alerts;

/// <summary>A realistic mix in time order: ambulance monitors streaming at 1 Hz (HR, pulse rate, SpO2, RR,
/// EtCO2; temperature each minute; NIBP every 5 minutes), a few of them deteriorating and recovering, and
/// village patients' spot checks (BP pairs and glucose) spread over the same span, some out of target.</summary>
internal static class Workload
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public static Reading[] Build(int ambulances, int seconds, int chronicPatients, int seed)
    {
        var random = new Random(seed);
        var readings = new List<Reading>(ambulances * seconds * 6 + chronicPatients * 3);
        // Each chronic patient has one cuff measurement and one glucose at a random second.
        var chronicAt = new List<(int Second, int Patient)>(chronicPatients);
        for (var p = 0; p < chronicPatients; p++)
        {
            chronicAt.Add((random.Next(seconds), p));
        }
        chronicAt.Sort();
        var next = 0;
        for (var t = 0; t < seconds; t++)
        {
            for (var a = 0; a < ambulances; a++)
            {
                // One ambulance in 20 deteriorates for two minutes of every ten.
                var sick = a % 20 == 0 && t % 600 is >= 300 and < 420;
                var patient = "amb-" + a;
                var device = "monitor-" + a;
                Add(readings, ReadingKinds.HeartRate, sick ? 128 : 72 + random.Next(8), t, patient, device, ReadingSource.Mqtt);
                Add(readings, ReadingKinds.PulseRate, sick ? 127 : 72 + random.Next(8), t, patient, device, ReadingSource.Mqtt);
                Add(readings, ReadingKinds.SpO2, sick ? 89 : 96 + random.Next(3), t, patient, device, ReadingSource.Mqtt);
                Add(readings, ReadingKinds.RespRate, sick ? 24 : 14 + random.Next(4), t, patient, device, ReadingSource.Mqtt);
                Add(readings, ReadingKinds.EtCO2, 35 + random.Next(5), t, patient, device, ReadingSource.Mqtt);
                if (t % 60 == a % 60)
                {
                    Add(readings, ReadingKinds.BodyTemperature, 36.5 + random.Next(10) / 10.0, t, patient, device, ReadingSource.Mqtt);
                }
                if (t % 300 == a % 300)
                {
                    Add(readings, ReadingKinds.BpSystolic, 118 + random.Next(20), t, patient, device, ReadingSource.Mqtt);
                    Add(readings, ReadingKinds.BpDiastolic, 72 + random.Next(10), t, patient, device, ReadingSource.Mqtt);
                }
            }
            for (; next < chronicAt.Count && chronicAt[next].Second == t; next++)
            {
                var p = chronicAt[next].Patient;
                var patient = "village-" + p;
                // About one patient in four is out of target.
                var uncontrolled = p % 4 == 0;
                Add(readings, ReadingKinds.BpSystolic, uncontrolled ? 150 + random.Next(20) : 118 + random.Next(15), t, patient, "cuff-" + p, ReadingSource.Ble);
                Add(readings, ReadingKinds.BpDiastolic, uncontrolled ? 92 + random.Next(8) : 70 + random.Next(12), t, patient, "cuff-" + p, ReadingSource.Ble);
                Add(readings, ReadingKinds.Glucose, uncontrolled ? 14.5 : 5.5 + random.Next(20) / 10.0, t, patient, "meter-" + p, ReadingSource.Serial);
            }
        }
        return [.. readings];
    }

    private static void Add(List<Reading> readings, string kind, double value, int second, string patient, string device, ReadingSource source) =>
        readings.Add(new Reading
        {
            Kind = kind,
            Value = value,
            Unit = ReadingKinds.Get(kind).Unit,
            PatientId = patient,
            DeviceId = device,
            Source = source,
            MeasuredAt = Start.AddSeconds(second),
            ReceivedAt = Start.AddSeconds(second).AddMilliseconds(40),
        });
}
