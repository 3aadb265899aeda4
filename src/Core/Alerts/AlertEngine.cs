using TelemetryGateway.Core.Alerts.Engine;

namespace TelemetryGateway.Core.Alerts;

/// <summary>Judges readings against an <see cref="AlertRuleSet"/> and says when an episode of a rule starts,
/// changes or ends (<see cref="AlertSignal"/>). One per gateway or hub; not thread-safe (one caller at a time).</summary>
/// <remarks>
/// <para>Pure and deterministic: time comes only from the readings (<see cref="Reading.EffectiveTime"/>, and
/// <see cref="Reading.ReceivedAt"/> for feed liveness) and from <see cref="Tick"/>'s argument, so the same
/// readings and ticks give the same signals at the edge, at the hub and in a replay.</para>
/// <para>A reading that raises nothing allocates nothing once its patient and device are known. Which rules
/// judge which readings, and the hysteresis and debounce of each: docs/alerts.md.</para>
/// </remarks>
public sealed partial class AlertEngine
{
    /// <summary>How long a clear or de-escalation must hold on a continuous feed before it is signalled.</summary>
    public static readonly TimeSpan ContinuousClearHold = TimeSpan.FromSeconds(30);

    /// <summary>How long a BP component waits (gateway clock) for the other component of its measurement.</summary>
    public static readonly TimeSpan BpPairWait = TimeSpan.FromSeconds(2);

    private static readonly AlertSignal[] NoSignals = [];

    private readonly Dictionary<string, SubjectState> _patients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubjectState> _unboundDevices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);
    private AlertRuleSet _rules;
    private int _rulesVersion;
    private List<AlertSignal>? _signals;
    private DeviceState? _lastDevice;
    private SubjectState? _lastSubject;
    private string? _lastSubjectKey;

    public AlertEngine(AlertRuleSet? rules = null)
    {
        _rules = rules ?? AlertRuleSet.Default;
    }

    /// <summary>The rules in force.</summary>
    public AlertRuleSet Rules => _rules;

    /// <summary>Readings judged by the rules.</summary>
    public long ReadingsEvaluated { get; private set; }

    /// <summary>Readings that are not patient data (control solution, device faults) or carry no number:
    /// they keep a feed alive but judge nothing.</summary>
    public long ReadingsNotJudged { get; private set; }

    /// <summary>Times a rule skipped a reading older than what it had already judged (out of order).</summary>
    public long OutOfOrderSkips { get; private set; }

    /// <summary>Open episodes, over every subject and rule.</summary>
    public int OpenEpisodeCount => CountOpen();

    /// <summary>Replaces the rules. Open episodes stay open and are judged by the new rules from the next
    /// reading on (a doctor's new target clears or escalates at the next measurement, not retroactively).</summary>
    public void UpdateRules(AlertRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _rulesVersion++;
    }

    /// <summary>True when a reading is data about the patient: not a control-solution check and not a
    /// measurement the device itself declared failed.</summary>
    public static bool IsPatientData(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return (reading.Flags & NotPatientData) == 0 && double.IsFinite(reading.Value);
    }

    // GLS Sensor Status Annunciation faults that void the result; "HI"/"LO" (result outside the device's
    // range) are kept: a glucose too high to read is the most alarming value of all.
    private const ReadingFlags NotPatientData = ReadingFlags.ControlSolution | ReadingFlags.SensorMalfunction
        | ReadingFlags.SampleSizeInsufficient | ReadingFlags.StripInsertionError | ReadingFlags.StripTypeIncorrect
        | ReadingFlags.SensorTemperatureHigh | ReadingFlags.SensorTemperatureLow | ReadingFlags.SensorReadInterrupted
        | ReadingFlags.GeneralDeviceFault;

    /// <summary>Judges one accepted reading; returns the signals it caused (usually none).</summary>
    public IReadOnlyList<AlertSignal> Evaluate(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var device = DeviceOf(reading.DeviceId);
        var continuous = IsContinuous(reading);
        device.Continuous |= continuous;
        // A reading naming no patient (an ECG chunk, a device fault) keeps the patient the device's vitals named,
        // so that an alert about the device (a silent feed) still reaches that patient's carers.
        device.PatientId = PatientOf(reading) ?? device.PatientId;
        if (reading.ReceivedAt > device.LastReceived)
        {
            device.LastReceived = reading.ReceivedAt;
        }
        if (device.StaleFeed.IsOpen)
        {
            FeedResumed(device, reading);
        }
        if (!IsPatientData(reading) || reading.Waveform is not null)
        {
            ReadingsNotJudged++;
            return Take();
        }
        ReadingsEvaluated++;
        var subject = SubjectOf(reading);
        var at = reading.EffectiveTime;
        switch (reading.Kind)
        {
            case ReadingKinds.BpSystolic:
                if (continuous)
                {
                    News2Input(subject, reading, News2Inputs.Systolic);
                }
                PairBp(device, subject, reading, PendingBp.Systolic, continuous);
                break;
            case ReadingKinds.BpDiastolic:
                PairBp(device, subject, reading, PendingBp.Diastolic, continuous);
                break;
            case ReadingKinds.Glucose:
                JudgeGlucose(subject, reading, continuous);
                break;
            case ReadingKinds.SpO2:
                if (continuous)
                {
                    News2Input(subject, reading, News2Inputs.Spo2);
                    JudgeSpo2(subject, reading);
                }
                JudgeOther(subject, reading, continuous);
                break;
            case ReadingKinds.RespRate or ReadingKinds.HeartRate or ReadingKinds.PulseRate or ReadingKinds.BodyTemperature
                or News2Kinds.Consciousness or News2Kinds.SupplementalOxygen:
                if (continuous)
                {
                    News2Input(subject, reading, ParameterOf(reading.Kind));
                }
                JudgeOther(subject, reading, continuous);
                break;
            default:
                JudgeOther(subject, reading, continuous);
                break;
        }
        if (!continuous && subject.PatientId is not null)
        {
            FollowUpSeen(subject, reading.DeviceId, at);
        }
        return Take();
    }

    /// <summary>Advances the clock: stale feeds, missed follow-ups, BP components whose partner never came.
    /// Call about once a second with the gateway's (or hub's) clock.</summary>
    public IReadOnlyList<AlertSignal> Tick(DateTimeOffset now)
    {
        foreach (var device in _devices.Values)
        {
            if (device.Pending != PendingBp.None && now - device.PendingReceived >= BpPairWait)
            {
                FlushPendingBp(device);
            }
            if (device.Continuous && !device.StaleFeed.IsOpen)
            {
                CheckFeed(device, now);
            }
        }
        foreach (var subject in _patients.Values)
        {
            if (subject.HasChronic && !subject.FollowUp.IsOpen)
            {
                CheckFollowUp(subject, now);
            }
        }
        return Take();
    }

    /// <summary>A continuous feed: an ambulance monitor streaming over MQTT. Cuffs and meters (BLE, serial,
    /// manual entry) are spot checks.</summary>
    private static bool IsContinuous(Reading reading) => reading.Source == ReadingSource.Mqtt;

    /// <summary>The patient of a reading; an empty id (the proto's "not known") is no patient.</summary>
    private static string? PatientOf(Reading reading) => string.IsNullOrEmpty(reading.PatientId) ? null : reading.PatientId;

    private DeviceState DeviceOf(string deviceId)
    {
        // A monitor sends its vitals of one second together: remembering the last device (and subject)
        // saves two hash lookups for most readings.
        if (_lastDevice is { } last && string.Equals(last.DeviceId, deviceId, StringComparison.Ordinal))
        {
            return last;
        }
        if (!_devices.TryGetValue(deviceId, out var device))
        {
            device = new DeviceState(deviceId);
            _devices.Add(deviceId, device);
        }
        _lastDevice = device;
        return device;
    }

    private SubjectState SubjectOf(Reading reading)
    {
        var patientId = PatientOf(reading);
        var key = patientId ?? reading.DeviceId;
        if (_lastSubject is { } last && (last.PatientId is null) == (patientId is null) && string.Equals(_lastSubjectKey, key, StringComparison.Ordinal)
            && last.RulesVersion == _rulesVersion)
        {
            return last;
        }
        var map = patientId is null ? _unboundDevices : _patients;
        if (!map.TryGetValue(key, out var subject))
        {
            subject = new SubjectState(patientId, _rules.ProfileFor(patientId), _rulesVersion);
            map.Add(key, subject);
        }
        else
        {
            Refresh(subject);
        }
        _lastSubject = subject;
        _lastSubjectKey = key;
        return subject;
    }

    private IReadOnlyList<AlertSignal> Take()
    {
        if (_signals is null)
        {
            return NoSignals;
        }
        var result = _signals;
        _signals = null;
        return result;
    }

    private void Emit(AlertSignal signal) => (_signals ??= []).Add(signal);

    private int CountOpen()
    {
        var open = 0;
        foreach (var subject in _patients.Values.Concat(_unboundDevices.Values))
        {
            open += EpisodesOf(subject).Count(e => e.IsOpen);
        }
        return open + _devices.Values.Count(d => d.StaleFeed.IsOpen);
    }
}
