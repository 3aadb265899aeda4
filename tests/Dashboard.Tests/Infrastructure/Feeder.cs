using AmbulancePosition = TelemetryGateway.Contracts.V1.AmbulancePosition;
using MonitorAlarm = TelemetryGateway.Contracts.V1.MonitorAlarm;
using MonitorStatus = TelemetryGateway.Contracts.V1.MonitorStatus;
using AmbulanceUpdate = TelemetryGateway.Contracts.V1.AmbulanceUpdate;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway;

namespace TelemetryGateway.Dashboard.Tests.Infrastructure;

/// <summary>
/// What the devices would send, straight into the gateway's sink (the same door its MQTT, BLE and serial
/// sources use): eight weeks of home BP and glucose records for three patients, one old visit of a fourth, and an ambulance monitor
/// at 1 Hz with a heart rate that changes every second, a 250 Hz ECG and its own alarm (<see cref="MonitorAlarmText"/>).
/// </summary>
public sealed class Feeder(IReadingSink sink)
{
    public const string Monitor = "amb-1/monitor";
    public const string Unit = "amb-1";
    public const string Destination = "County Hospital";
    /// <summary>The alarm the monitor reports in its status messages; its count changes with every message.</summary>
    public const string MonitorAlarmCode = "ARR_PVC";
    public const string MonitorAlarmText = "PVCs";
    private const int EcgRate = 250;

    private readonly Random _random = new(9);
    private long _record;
    private long _ticks;
    private DateTimeOffset? _eta;

    /// <summary>Seconds of ambulance data accepted at the gateway so far.</summary>
    public long AmbulanceSeconds => Interlocked.Read(ref _ticks);

    public async Task SyncHomeVisitsAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var readings = new List<Reading>();
        for (var day = 55; day >= 1; day -= 2)
        {
            var at = now.AddDays(-day).AddHours(-1);
            readings.AddRange(Home(Fixture.PatientInControl, "cuff-A1", at, 126 + Jitter(5), 80 + Jitter(4), "glucometer-A1", 5.6 + Jitter(0.8)));
            readings.AddRange(Home(Fixture.PatientOutOfControl, "cuff-A2", at, 152 + Jitter(6), 96 + Jitter(4), "glucometer-A2", 11.2 + Jitter(1)));
            readings.AddRange(Home(Fixture.PatientOtherClinic, "cuff-B1", at, 131 + Jitter(5), 84 + Jitter(4), "glucometer-B1", 6.1 + Jitter(0.8)));
        }
        // One more clinic-A patient, last seen 40 days ago: past the 30-day follow-up interval.
        readings.AddRange(Home(Fixture.PatientOverdue, "cuff-A3", now.AddDays(-40), 128, 82, "glucometer-A3", 6.0));
        await sink.AcceptAsync(readings, ct);
    }

    /// <summary>A weighing on the home scale now: a reading that changes no BP or glucose summary.</summary>
    public Task WeighAsync(string patient, string scale, double kilograms, CancellationToken ct) =>
        sink.AcceptAsync([Stored(patient, scale, ++_record, ReadingKinds.BodyWeight, kilograms, "kg", DateTimeOffset.UtcNow)], ct);

    /// <summary>A home visit today, synced through the gateway as the village doctor's kit would.</summary>
    public Task VisitAsync(string patient, string cuff, string meter, double systolic, double diastolic, double glucose, CancellationToken ct) =>
        sink.AcceptAsync([.. Home(patient, cuff, DateTimeOffset.UtcNow, systolic, diastolic, meter, glucose)], ct);

    /// <summary>The ambulance monitor: one second of vitals and ECG per tick until cancelled.</summary>
    public async Task RunAmbulanceAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var phase = 0.0;
        var ecgStart = DateTimeOffset.UtcNow;
        do
        {
            var now = DateTimeOffset.UtcNow;
            var second = Interlocked.Increment(ref _ticks);
            var heartRate = 80 + second % 25;
            var samples = new int[EcgRate];
            for (var i = 0; i < samples.Length; i++)
            {
                // A spike per beat over a small wander: enough to see the strip move.
                phase += heartRate / 60.0 / EcgRate;
                var inBeat = phase % 1;
                samples[i] = (int)(inBeat < 0.04 ? 1200 * Math.Sin(inBeat / 0.04 * Math.PI) : 120 * Math.Sin(inBeat * 2 * Math.PI));
            }
            var readings = new List<Reading>
            {
                Live(ReadingKinds.HeartRate, heartRate, "/min", now),
                Live(ReadingKinds.SpO2, 96, "%", now),
                Live(ReadingKinds.RespRate, 18, "/min", now),
                Live(ReadingKinds.EtCO2, 36, "mm[Hg]", now),
                Live(ReadingKinds.BodyTemperature, 37.1, "Cel", now),
                Live(ReadingKinds.Ecg("II"), samples[0], "uV", ecgStart) with
                {
                    Waveform = new Waveform { Lead = "II", SampleRateHz = EcgRate, StartTime = ecgStart, Samples = samples },
                },
            };
            // A monitor samples without pause: each chunk starts where the last one ended.
            ecgStart = ecgStart.AddSeconds(1);
            if (second % 10 == 1)
            {
                readings.Add(Live(ReadingKinds.BpSystolic, 118, "mm[Hg]", now));
                readings.Add(Live(ReadingKinds.BpDiastolic, 76, "mm[Hg]", now));
            }
            await sink.AcceptAsync(readings, ct);
            if (second % 5 == 1 && sink is IAmbulanceSink ambulances)
            {
                // Position and ETA ride the buffer beside the readings, as the MQTT source sends them.
                await ambulances.AppendAmbulanceAsync(Position(now, second), ct);
            }
            if (second % 5 == 3 && sink is IAmbulanceSink monitor)
            {
                await monitor.AppendAmbulanceAsync(Status(now, second), ct);
            }
        }
        while (await Tick(timer, ct));
    }

    /// <summary>Driving north at 15 m/s towards the hospital, arriving twelve minutes after the first fix.</summary>
    private AmbulanceUpdate Position(DateTimeOffset now, long second)
    {
        _eta ??= now.AddMinutes(12);
        return new AmbulanceUpdate
        {
            Unit = Unit,
            DeviceId = Monitor,
            PatientId = Fixture.AmbulancePatient,
            ReceivedUnixMs = now.ToUnixTimeMilliseconds(),
            Position = new AmbulancePosition
            {
                Latitude = 30.5 + second * 15 / 111_000.0,
                Longitude = 114.3,
                SpeedMps = 15,
                HeadingDeg = 0,
                TimeUnixMs = now.ToUnixTimeMilliseconds(),
                EtaUnixMs = _eta.Value.ToUnixTimeMilliseconds(),
                Destination = Destination,
            },
        };
    }

    /// <summary>The monitor's status: an arrhythmia alarm whose count is the message's second, so each one differs.</summary>
    private static AmbulanceUpdate Status(DateTimeOffset now, long second) => new()
    {
        Unit = Unit,
        DeviceId = Monitor,
        PatientId = Fixture.AmbulancePatient,
        ReceivedUnixMs = now.ToUnixTimeMilliseconds(),
        Status = new MonitorStatus
        {
            TimeUnixMs = now.ToUnixTimeMilliseconds(),
            BatteryPercent = 80,
            OnMains = false,
            Alarms = { new MonitorAlarm { Code = MonitorAlarmCode, Priority = "medium", Text = $"{MonitorAlarmText} {second}/min" } },
        },
    };

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Reading> Home(string patient, string cuff, DateTimeOffset at, double systolic, double diastolic, string meter, double glucose)
    {
        var record = ++_record;
        yield return Stored(patient, cuff, record, ReadingKinds.BpSystolic, Math.Round(systolic), "mm[Hg]", at);
        yield return Stored(patient, cuff, record, ReadingKinds.BpDiastolic, Math.Round(diastolic), "mm[Hg]", at);
        yield return Stored(patient, meter, ++_record, ReadingKinds.Glucose, Math.Round(glucose, 1), "mmol/L", at.AddHours(-1));
    }

    private double Jitter(double amplitude) => (_random.NextDouble() * 2 - 1) * amplitude;

    private static Reading Stored(string patient, string device, long record, string kind, double value, string unit, DateTimeOffset at) => new()
    {
        Kind = kind,
        Value = value,
        Unit = unit,
        PatientId = patient,
        DeviceId = device,
        Source = ReadingSource.Ble,
        MeasuredAt = at,
        ReceivedAt = DateTimeOffset.UtcNow,
        DeviceRecordNumber = record,
        Priority = ReadingPriority.Bulk,
    };

    private static Reading Live(string kind, double value, string unit, DateTimeOffset at) => new()
    {
        Kind = kind,
        Value = value,
        Unit = unit,
        PatientId = Fixture.AmbulancePatient,
        DeviceId = Monitor,
        Source = ReadingSource.Mqtt,
        MeasuredAt = at,
        ReceivedAt = at,
        Priority = ReadingPriority.Live,
    };
}
