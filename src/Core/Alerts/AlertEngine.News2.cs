using TelemetryGateway.Core.Alerts.Engine;

namespace TelemetryGateway.Core.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>A NEWS2 parameter older than this (measured time) no longer counts: NIBP and temperature are
    /// taken every few minutes in an ambulance, continuous vitals every second.</summary>
    public static readonly TimeSpan News2Freshness = TimeSpan.FromMinutes(15);

    /// <summary>An aggregate this many points above the worst already signalled is signalled again (Updated).</summary>
    public const int News2WorseStep = 2;

    private static int ParameterOf(string kind) => kind switch
    {
        ReadingKinds.RespRate => News2Inputs.RespRate,
        ReadingKinds.SpO2 => News2Inputs.Spo2,
        ReadingKinds.BpSystolic => News2Inputs.Systolic,
        ReadingKinds.HeartRate => News2Inputs.HeartRate,
        ReadingKinds.PulseRate => News2Inputs.PulseRate,
        ReadingKinds.BodyTemperature => News2Inputs.Temperature,
        News2Kinds.Consciousness => News2Inputs.Consciousness,
        _ => News2Inputs.Oxygen,
    };

    /// <summary>Records a vital from a continuous feed and re-scores NEWS2 (RCP 2017) for the subject.</summary>
    private void News2Input(SubjectState subject, Reading reading, int parameter)
    {
        var inputs = subject.News2Inputs ??= new News2Inputs();
        var at = reading.EffectiveTime;
        inputs.Set(parameter, reading.Value, at);
        var tiers = subject.Profile.News2;
        var episode = subject.News2;
        if (tiers.Length == 0 && !episode.IsOpen)
        {
            return;
        }
        if (at < episode.Last)
        {
            OutOfOrderSkips++;
            return;
        }
        episode.Last = at;

        var (aggregate, highestSingle, scored) = Score(inputs, (at - News2Freshness).UtcTicks, subject.Profile.Spo2Scale2);
        var target = Episode.None;
        foreach (var tier in tiers)
        {
            if (tier.High is { } line && aggregate >= line && tier.Severity > target)
            {
                target = tier.Severity;
            }
        }
        // Chart 2: "a score of 3 in any individual parameter" calls for an urgent ward-based response.
        if (highestSingle >= 3 && tiers.Length > 0 && target < AlertSeverity.Urgent)
        {
            target = AlertSeverity.Urgent;
        }
        var before = episode.Severity;
        var change = episode.Advance(at, target, ContinuousClearHold, at);
        if (change == Change.None)
        {
            if (!episode.IsOpen || aggregate < episode.Worst + News2WorseStep)
            {
                return;
            }
        }
        episode.Worst = change == Change.Raised ? aggregate : Math.Max(episode.Worst, aggregate);
        var shown = change == Change.Cleared ? before : episode.Severity;
        var message = $"NEWS2 {aggregate} from {scored} of 7 parameters{(highestSingle >= 3 ? ", a single parameter scoring 3" : "")} ({Phrase(change, shown)})";
        Signal(episode, change == Change.None ? Change.Escalated : change, before, subject, reading.DeviceId, at, message,
            AlertRuleIds.News2, aggregate, "{score}");
    }

    /// <summary>Aggregate, highest single score and how many parameters counted, from the fresh inputs.</summary>
    private static (int Aggregate, int HighestSingle, int Scored) Score(News2Inputs inputs, long oldest, bool scale2)
    {
        int aggregate = 0, highest = 0, scored = 0;
        void Add(int score)
        {
            aggregate += score;
            highest = Math.Max(highest, score);
            scored++;
        }
        var v = inputs.Values;
        var onOxygen = inputs.IsFresh(News2Inputs.Oxygen, oldest) && v[News2Inputs.Oxygen] >= 0.5;
        if (inputs.IsFresh(News2Inputs.RespRate, oldest))
        {
            Add(News2Chart.RespirationRate(v[News2Inputs.RespRate]));
        }
        if (inputs.IsFresh(News2Inputs.Spo2, oldest))
        {
            var spo2 = v[News2Inputs.Spo2];
            Add(scale2 ? News2Chart.Spo2Scale2(spo2, onOxygen) : News2Chart.Spo2Scale1(spo2));
        }
        if (inputs.IsFresh(News2Inputs.Oxygen, oldest))
        {
            Add(News2Chart.AirOrOxygen(onOxygen));
        }
        if (inputs.IsFresh(News2Inputs.Systolic, oldest))
        {
            Add(News2Chart.SystolicBloodPressure(v[News2Inputs.Systolic]));
        }
        // Pulse: the ECG heart rate when fresh, else the oximeter's pulse rate.
        if (inputs.IsFresh(News2Inputs.HeartRate, oldest))
        {
            Add(News2Chart.Pulse(v[News2Inputs.HeartRate]));
        }
        else if (inputs.IsFresh(News2Inputs.PulseRate, oldest))
        {
            Add(News2Chart.Pulse(v[News2Inputs.PulseRate]));
        }
        if (inputs.IsFresh(News2Inputs.Consciousness, oldest))
        {
            Add(News2Chart.Consciousness(v[News2Inputs.Consciousness]));
        }
        if (inputs.IsFresh(News2Inputs.Temperature, oldest))
        {
            Add(News2Chart.Temperature(v[News2Inputs.Temperature]));
        }
        return (aggregate, highest, scored);
    }
}
