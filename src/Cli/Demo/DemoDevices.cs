using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway;

namespace TelemetryGateway.Cli.Demo;

/// <summary>
/// The devices of `tg demo`: three home patients whose BP cuffs and glucose meters sync 30 days of stored
/// records and then a new one now and then, and one inbound ambulance whose monitor streams vitals at 1 Hz
/// (a patient slowly deteriorating: SpO2 falling, heart rate rising) and ECG lead II at 250 Hz.
/// </summary>
internal sealed class DemoDevices(IReadingSink sink, TimeProvider time, ILogger logger)
{
    public const string AmbulancePatient = "P-2001";

    /// <summary>The ambulance monitor's device id.</summary>
    public const string AmbulanceMonitor = "amb-07/monitor-1";
    private const double EcgRate = 250;

    private static readonly HomePatient[] HomePatients =
    [
        new("P-1001", "cuff-A4:C1:38:00:10:01", "glucometer-SN1001", Systolic: 128, Diastolic: 82, Glucose: 5.8),
        new("P-1002", "cuff-A4:C1:38:00:10:02", "glucometer-SN1002", Systolic: 152, Diastolic: 96, Glucose: 6.4),
        new("P-1003", "cuff-A4:C1:38:00:10:03", "glucometer-SN1003", Systolic: 134, Diastolic: 86, Glucose: 12.9),
        // Not visited for six weeks: the dashboard lists this one under overdue follow-ups.
        new("P-1004", "cuff-A4:C1:38:00:10:04", "glucometer-SN1004", Systolic: 146, Diastolic: 88, Glucose: 7.2) { LastVisitDaysAgo = 42 },
    ];

    /// <summary>The home patients' ids (the demo's clinic and village doctor look after them).</summary>
    public static IEnumerable<string> HomePatientIds => HomePatients.Select(p => p.Id);

    private readonly Random _random = new(2026);
    private readonly Dictionary<string, long> _recordNumbers = [];
    private long _accepted;

    public long Accepted => Interlocked.Read(ref _accepted);

    public double AmbulanceHeartRate { get; private set; }

    public double AmbulanceSpo2 { get; private set; }

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(RunHomeVisitsAsync(stop), RunAmbulanceAsync(stop));

    private async Task RunHomeVisitsAsync(CancellationToken stop)
    {
        var now = time.GetUtcNow();
        // The follow-up visit: each device's memory of the last 60 days, synced as back-fill.
        var backlog = new List<Reading>();
        for (var day = 60; day >= 1; day--)
        {
            foreach (var patient in HomePatients)
            {
                if (day < patient.LastVisitDaysAgo)
                {
                    continue;
                }
                backlog.AddRange(BloodPressure(patient, now.AddDays(-day).AddHours(8), ReadingPriority.Bulk));
                backlog.Add(Glucose(patient, now.AddDays(-day).AddHours(7), ReadingPriority.Bulk));
                backlog.Add(Glucose(patient, now.AddDays(-day).AddHours(19), ReadingPriority.Bulk));
            }
        }
        await AcceptAsync(backlog, stop);
        DemoLog.BacklogSynced(logger, backlog.Count, HomePatients.Length);

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(20), time);
        var next = 0;
        var visited = HomePatients.Where(p => p.LastVisitDaysAgo == 0).ToArray();
        while (await WaitAsync(timer, stop))
        {
            var patient = visited[next++ % visited.Length];
            var measured = time.GetUtcNow();
            await AcceptAsync([.. BloodPressure(patient, measured, ReadingPriority.Bulk), Glucose(patient, measured, ReadingPriority.Bulk)], stop);
        }
    }

    private async Task RunAmbulanceAsync(CancellationToken stop)
    {
        const string monitor = AmbulanceMonitor;
        var ecg = new SyntheticEcg(EcgRate);
        var started = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var second = 0;
        var ecgStart = started;
        do
        {
            var now = time.GetUtcNow();
            var minutes = (now - started).TotalMinutes;
            // Deteriorating over ten minutes: SpO2 97 → 86, HR 92 → 128, RR 18 → 28.
            var trend = Math.Min(1, minutes / 10);
            AmbulanceHeartRate = Math.Round(92 + 36 * trend + Jitter(2));
            AmbulanceSpo2 = Math.Round(97 - 11 * trend + Jitter(0.6));
            var readings = new List<Reading>
            {
                Live(monitor, ReadingKinds.HeartRate, AmbulanceHeartRate, "/min", now),
                Live(monitor, ReadingKinds.SpO2, Math.Min(100, AmbulanceSpo2), "%", now),
                Live(monitor, ReadingKinds.RespRate, Math.Round(18 + 10 * trend + Jitter(1)), "/min", now),
                Live(monitor, ReadingKinds.EtCO2, Math.Round(36 - 6 * trend + Jitter(1)), "mm[Hg]", now),
                Live(monitor, ReadingKinds.BodyTemperature, Math.Round(37.2 + 0.9 * trend + Jitter(0.05), 1), "Cel", now),
            };
            if (second % 30 == 0)
            {
                var systolic = Math.Round(124 - 30 * trend + Jitter(3));
                var diastolic = Math.Round(78 - 18 * trend + Jitter(2));
                readings.Add(Live(monitor, ReadingKinds.BpSystolic, systolic, "mm[Hg]", now));
                readings.Add(Live(monitor, ReadingKinds.BpDiastolic, diastolic, "mm[Hg]", now));
                readings.Add(Live(monitor, ReadingKinds.BpMean, Math.Round((systolic + 2 * diastolic) / 3), "mm[Hg]", now));
            }
            var samples = ecg.Next((int)EcgRate, AmbulanceHeartRate, _random);
            readings.Add(Live(monitor, ReadingKinds.Ecg("II"), samples[0], "uV", ecgStart) with
            {
                Waveform = new Waveform { Lead = "II", SampleRateHz = EcgRate, StartTime = ecgStart, Samples = samples },
            });
            // The monitor samples without pause: each chunk starts where the last one ended.
            ecgStart = ecgStart.AddSeconds(samples.Length / EcgRate);
            await AcceptAsync(readings, stop);
            if (second % 5 == 0 && sink is IAmbulanceSink ambulances)
            {
                await ambulances.AppendAmbulanceAsync(Position(now, started), stop);
            }
            second++;
        }
        while (await WaitAsync(timer, stop));
    }

    /// <summary>The ambulance's fix: 15 km south of the county hospital at the start, driving north at
    /// 54 km/h, so the ETA counts down from about 17 minutes (position and ETA reach /api/ambulances).</summary>
    private static TelemetryGateway.Contracts.V1.AmbulanceUpdate Position(DateTimeOffset now, DateTimeOffset started)
    {
        const double speed = 15; // m/s
        const double distance = 15_000; // m
        var travelled = Math.Min(distance, (now - started).TotalSeconds * speed);
        return new TelemetryGateway.Contracts.V1.AmbulanceUpdate
        {
            Unit = DemoUsers.Ambulance,
            DeviceId = AmbulanceMonitor,
            PatientId = AmbulancePatient,
            ReceivedUnixMs = now.ToUnixTimeMilliseconds(),
            Position = new TelemetryGateway.Contracts.V1.AmbulancePosition
            {
                Latitude = 30.45 + travelled / 111_000.0,
                Longitude = 114.30,
                SpeedMps = travelled < distance ? speed : 0,
                HeadingDeg = 0,
                TimeUnixMs = now.ToUnixTimeMilliseconds(),
                EtaUnixMs = now.AddSeconds((distance - travelled) / speed).ToUnixTimeMilliseconds(),
                Destination = "County Hospital",
            },
        };
    }

    private IEnumerable<Reading> BloodPressure(HomePatient patient, DateTimeOffset measured, ReadingPriority priority)
    {
        var record = NextRecord(patient.Cuff);
        var systolic = Math.Round(patient.Systolic + Jitter(6));
        var diastolic = Math.Round(patient.Diastolic + Jitter(4));
        yield return Stored(patient, patient.Cuff, record, ReadingKinds.BpSystolic, systolic, "mm[Hg]", measured, priority);
        yield return Stored(patient, patient.Cuff, record, ReadingKinds.BpDiastolic, diastolic, "mm[Hg]", measured, priority);
        yield return Stored(patient, patient.Cuff, record, ReadingKinds.BpMean, Math.Round((systolic + 2 * diastolic) / 3), "mm[Hg]", measured, priority);
        yield return Stored(patient, patient.Cuff, record, ReadingKinds.HeartRate, Math.Round(72 + Jitter(8)), "/min", measured, priority);
    }

    private Reading Glucose(HomePatient patient, DateTimeOffset measured, ReadingPriority priority) =>
        Stored(patient, patient.Glucometer, NextRecord(patient.Glucometer), ReadingKinds.Glucose,
            Math.Round(patient.Glucose + Jitter(1.2), 1), "mmol/L", measured, priority);

    private Reading Stored(HomePatient patient, string device, long record, string kind, double value, string unit, DateTimeOffset measured, ReadingPriority priority) => new()
    {
        Kind = kind,
        Value = value,
        Unit = unit,
        PatientId = patient.Id,
        DeviceId = device,
        Source = ReadingSource.Ble,
        MeasuredAt = measured,
        ReceivedAt = time.GetUtcNow(),
        DeviceRecordNumber = record,
        Priority = priority,
    };

    private Reading Live(string device, string kind, double value, string unit, DateTimeOffset measured) => new()
    {
        Kind = kind,
        Value = value,
        Unit = unit,
        PatientId = AmbulancePatient,
        DeviceId = device,
        Source = ReadingSource.Mqtt,
        MeasuredAt = measured,
        ReceivedAt = time.GetUtcNow(),
        Priority = ReadingPriority.Live,
    };

    private long NextRecord(string device) => _recordNumbers[device] = _recordNumbers.GetValueOrDefault(device) + 1;

    private double Jitter(double amplitude) => (_random.NextDouble() * 2 - 1) * amplitude;

    private async Task AcceptAsync(IReadOnlyList<Reading> readings, CancellationToken stop)
    {
        await sink.AcceptAsync(readings, stop);
        Interlocked.Add(ref _accepted, readings.Count);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record HomePatient(string Id, string Cuff, string Glucometer, double Systolic, double Diastolic, double Glucose)
    {
        /// <summary>Days since the last visit; 0 for patients visited daily.</summary>
        public int LastVisitDaysAgo { get; init; }
    }
}

internal static partial class DemoLog
{
    [LoggerMessage(1, LogLevel.Information, "Home visits: {Count} stored records synced from {Patients} patients' cuffs and glucose meters")]
    public static partial void BacklogSynced(ILogger logger, int count, int patients);
}
