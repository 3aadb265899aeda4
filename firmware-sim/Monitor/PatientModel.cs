using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Json;

namespace TelemetryGateway.FirmwareSim.Monitor;

/// <summary>One second's vitals of the simulated patient, in the units a monitor reports them.</summary>
internal sealed record PatientVitals(double HeartRate, double SpO2, double Systolic, double Diastolic, double Mean, double RespiratoryRate)
{
    /// <summary>Thresholds the monitor flags (and raises its own alarms for), as a typical adult default.</summary>
    public const double HeartRateHigh = 120, SpO2Low = 90, SystolicLow = 90, RespiratoryRateHigh = 24;

    public IReadOnlyList<VitalSign> Signs =>
    [
        new(ReadingKinds.HeartRate, HeartRate, "/min", HeartRate > HeartRateHigh ? ReadingFlags.High : ReadingFlags.None),
        new(ReadingKinds.SpO2, SpO2, "%", SpO2 < SpO2Low ? ReadingFlags.Low : ReadingFlags.None),
        new(ReadingKinds.BpSystolic, Systolic, "mm[Hg]", Systolic < SystolicLow ? ReadingFlags.Low : ReadingFlags.None),
        new(ReadingKinds.BpDiastolic, Diastolic, "mm[Hg]"),
        new(ReadingKinds.BpMean, Mean, "mm[Hg]"),
        new(ReadingKinds.RespRate, RespiratoryRate, "/min", RespiratoryRate > RespiratoryRateHigh ? ReadingFlags.High : ReadingFlags.None),
    ];
}

/// <summary>
/// A patient who deteriorates over minutes, like a haemorrhagic or septic shock en route: after a stable
/// <see cref="Onset"/>, SpO2 falls, heart and breathing rate rise and blood pressure drops, linearly over
/// <see cref="Deterioration"/>, then stays there. Each value carries a little deterministic noise (the same
/// seed and second give the same vitals), rounded as monitors show them. Pure: a function of elapsed time.
/// </summary>
internal sealed class PatientModel(TimeSpan onset, TimeSpan deterioration, int seed = 1)
{
    // Start (stable, somewhat tachycardic trauma patient) and end (shocked) values.
    public const double HeartRate0 = 92, HeartRate1 = 138;
    public const double SpO20 = 97, SpO21 = 84;
    public const double Systolic0 = 128, Systolic1 = 78;
    public const double Diastolic0 = 80, Diastolic1 = 46;
    public const double Respiratory0 = 16, Respiratory1 = 30;

    public TimeSpan Onset { get; } = onset;

    public TimeSpan Deterioration { get; } = deterioration > TimeSpan.Zero ? deterioration : TimeSpan.FromSeconds(1);

    /// <summary>0 before the onset, 1 once fully deteriorated.</summary>
    public double Progress(TimeSpan elapsed) => Math.Clamp((elapsed - Onset) / Deterioration, 0, 1);

    /// <summary>Heart rate without noise, /min (also drives the ECG).</summary>
    public double TrueHeartRate(TimeSpan elapsed) => Lerp(HeartRate0, HeartRate1, Progress(elapsed));

    /// <summary>Beats since the start: the integral of the heart rate, exact for the piecewise-linear rate.</summary>
    public double Beats(TimeSpan elapsed)
    {
        var t = elapsed.TotalSeconds;
        var onset = Onset.TotalSeconds;
        var length = Deterioration.TotalSeconds;
        if (t <= onset)
        {
            return HeartRate0 * t / 60;
        }
        var during = Math.Min(t - onset, length);
        var beats = (HeartRate0 * onset + (HeartRate0 * during) + ((HeartRate1 - HeartRate0) * during * during / (2 * length))) / 60;
        return t > onset + length ? beats + (HeartRate1 * (t - onset - length) / 60) : beats;
    }

    /// <summary>The vitals the monitor shows at <paramref name="elapsed"/> (whole seconds matter for the noise).</summary>
    public PatientVitals At(TimeSpan elapsed)
    {
        var p = Progress(elapsed);
        var second = (long)Math.Floor(elapsed.TotalSeconds);
        var hr = Math.Round(Lerp(HeartRate0, HeartRate1, p) + Noise(second, 1, 2));
        var spo2 = Math.Clamp(Math.Round(Lerp(SpO20, SpO21, p) + Noise(second, 2, 0.6)), 50, 100);
        var sys = Math.Round(Lerp(Systolic0, Systolic1, p) + Noise(second, 3, 2));
        var dia = Math.Round(Lerp(Diastolic0, Diastolic1, p) + Noise(second, 4, 1.5));
        var mean = Math.Round((sys + (2 * dia)) / 3);
        var rr = Math.Round(Lerp(Respiratory0, Respiratory1, p) + Noise(second, 5, 1));
        return new PatientVitals(hr, spo2, sys, dia, mean, rr);
    }

    private static double Lerp(double from, double to, double p) => from + ((to - from) * p);

    /// <summary>Uniform in ±<paramref name="amplitude"/>, fixed by (seed, second, channel).</summary>
    private double Noise(long second, int channel, double amplitude)
    {
        // SplitMix64 finaliser (HashCode is randomised per process, and the simulator must repeat itself).
        var h = Mix(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)second * 0xBF58476D1CE4E5B9UL) ^ ((ulong)channel * 0x94D049BB133111EBUL));
        return (((h >> 11) * (1.0 / (1UL << 53)) * 2) - 1) * amplitude;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
