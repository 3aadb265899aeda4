using System.Globalization;
using System.Text;
using TelemetryGateway.Monitors;
using TelemetryGateway.Monitors.Hl7;
using TelemetryGateway.Monitors.Json;
using TelemetryGateway.Monitors.Waveforms;

namespace TelemetryGateway.FirmwareSim.Monitor;

/// <summary>The streams a monitor publishes; also the counters' names in the summary line.</summary>
internal enum MonitorMessageKind
{
    Vitals,
    Hl7,
    Waveform,
    Position,
    Status,
}

/// <summary>One message due at <paramref name="At"/> (simulated time since the start).</summary>
internal sealed record MonitorMessage(TimeSpan At, MonitorMessageKind Kind, string Topic, byte[] Payload);

/// <summary>
/// What the monitor publishes and when, in simulated time: vitals (JSON or HL7) and position every second from
/// 0, status every <see cref="MonitorOptions.StatusEvery"/> from 0, and each ECG chunk when its last sample has
/// been taken. Pure: the same options give the same messages, which is what the tests count at the hub.
/// </summary>
internal sealed class MonitorScript
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly MonitorOptions _options;
    private readonly DateTimeOffset _start;
    private readonly string _prefix;
    private long _hl7Messages;

    public MonitorScript(MonitorOptions options, DateTimeOffset start)
    {
        _options = options;
        _start = start;
        _prefix = $"{MonitorTopic.Root}/{options.Unit}/{options.Device}/";
        Patient = new PatientModel(options.Onset, options.Deterioration, options.Seed);
        Ecg = new EcgSynth(Patient);
        Route = new AmbulanceRoute(options.From, options.To, options.Speed);
    }

    public PatientModel Patient { get; }

    public EcgSynth Ecg { get; }

    public AmbulanceRoute Route { get; }

    /// <summary>Every message due before <paramref name="end"/> (null: without end), in time order.</summary>
    public IEnumerable<MonitorMessage> Messages(TimeSpan? end)
    {
        var chunk = _options.EcgChunk;
        var samplesPerChunk = Math.Max(1, (int)Math.Round(chunk.TotalSeconds * Ecg.SampleRateHz));
        chunk = TimeSpan.FromSeconds(samplesPerChunk / Ecg.SampleRateHz);
        long second = 0, status = 0, ecg = 0;
        while (true)
        {
            var nextSecond = second * Second;
            var nextStatus = status * _options.StatusEvery;
            var nextEcg = _options.Ecg ? (ecg + 1) * chunk : TimeSpan.MaxValue;
            var next = Min(nextSecond, Min(nextStatus, nextEcg));
            if (end is { } stop && next >= stop)
            {
                yield break;
            }
            if (next == nextSecond)
            {
                yield return VitalsAt(nextSecond);
                yield return PositionAt(nextSecond);
                second++;
            }
            if (next == nextStatus)
            {
                yield return StatusAt(nextStatus);
                status++;
            }
            if (next == nextEcg)
            {
                yield return EcgChunk(ecg * chunk, samplesPerChunk, nextEcg);
                ecg++;
            }
        }
    }

    public MonitorMessage VitalsAt(TimeSpan at)
    {
        var signs = Patient.At(at).Signs;
        var time = _start + at;
        if (_options.Hl7)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{_options.Device}-{++_hl7Messages}");
            var message = OruR01Writer.Write(_options.Device, id, _options.Patient, time, signs);
            return new MonitorMessage(at, MonitorMessageKind.Hl7, _prefix + "hl7", Encoding.ASCII.GetBytes(message));
        }
        return new MonitorMessage(at, MonitorMessageKind.Vitals, _prefix + "vitals", MonitorJsonWriter.Vitals(time, signs, _options.Patient));
    }

    public MonitorMessage PositionAt(TimeSpan at)
    {
        var point = Route.At(at);
        var time = _start + at;
        var position = new AmbulancePosition(time, Math.Round(point.Latitude, 6), Math.Round(point.Longitude, 6),
            Math.Round(point.SpeedMetresPerSecond, 1), Math.Round(point.HeadingDegrees), point.Remaining is { } left ? time + left : null,
            _options.Destination);
        return new MonitorMessage(at, MonitorMessageKind.Position, _prefix + "position", MonitorJsonWriter.Position(position));
    }

    public MonitorMessage StatusAt(TimeSpan at)
    {
        var vitals = Patient.At(at);
        var alarms = new List<MonitorAlarm>();
        if (vitals.SpO2 < PatientVitals.SpO2Low)
        {
            alarms.Add(new MonitorAlarm("SPO2_LOW", "high", "SpO2 LOW"));
        }
        if (vitals.Systolic < PatientVitals.SystolicLow)
        {
            alarms.Add(new MonitorAlarm("NBP_SYS_LOW", "high", "NBP SYS LOW"));
        }
        if (vitals.HeartRate > PatientVitals.HeartRateHigh)
        {
            alarms.Add(new MonitorAlarm("HR_HIGH", "medium", "HR HIGH"));
        }
        // A charged monitor on its own battery loses about a percent every two minutes.
        var battery = Math.Round(Math.Max(5, 96 - (at.TotalMinutes / 2)));
        var status = new MonitorStatus(_start + at, battery, false, [], alarms);
        return new MonitorMessage(at, MonitorMessageKind.Status, _prefix + "status", MonitorJsonWriter.Status(status));
    }

    private MonitorMessage EcgChunk(TimeSpan from, int samples, TimeSpan due)
    {
        var chunk = new WaveformChunk(WaveformSignal.Ecg, "II", Ecg.SampleRateHz, _start + from, Ecg.Resolution, Ecg.Samples(from, samples));
        return new MonitorMessage(due, MonitorMessageKind.Waveform, _prefix + "waveform/II", WaveformBinary.Encode(chunk));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
