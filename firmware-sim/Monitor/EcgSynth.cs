namespace TelemetryGateway.FirmwareSim.Monitor;

/// <summary>
/// Lead II of a synthetic ECG: each beat a sum of Gaussian bumps (P, Q, R, S, T, after McSharry et al.'s
/// dynamical model, IEEE TBME 2003, with the waves placed in time rather than phase), the beats following the
/// <see cref="PatientModel"/> heart rate, a slow respiratory baseline wander. Pure: a sample is a function
/// of its time, so chunks join seamlessly whatever their length.
/// </summary>
internal sealed class EcgSynth(PatientModel patient, double sampleRateHz = EcgSynth.DefaultRateHz, double microvoltsPerCount = EcgSynth.DefaultResolution)
{
    public const double DefaultRateHz = 250;

    /// <summary>2.5 µV per count: ±82 mV in int16, finer than a monitor's display needs.</summary>
    public const double DefaultResolution = 2.5;

    // (amplitude mV, offset from R s, width s) of the complex around an R peak; T and P are placed from the
    // previous / next R so that they stay inside the RR interval when the rate rises.
    private static readonly (double Amplitude, double Offset, double Width)[] Qrs =
    [
        (-0.12, -0.035, 0.010), // Q
        (1.20, 0.0, 0.011),     // R
        (-0.25, 0.035, 0.011),  // S
    ];

    public double SampleRateHz => sampleRateHz;

    public double Resolution => microvoltsPerCount;

    /// <summary>The signal at <paramref name="elapsed"/> in mV.</summary>
    public double MillivoltsAt(TimeSpan elapsed)
    {
        var beats = patient.Beats(elapsed);
        var rr = 60 / patient.TrueHeartRate(elapsed);
        var fraction = beats - Math.Floor(beats);
        var sinceR = fraction * rr;          // seconds after the last R peak
        var untilR = (1 - fraction) * rr;    // seconds before the next one
        var value = 0.0;
        foreach (var (amplitude, offset, width) in Qrs)
        {
            value += Bump(sinceR - offset, amplitude, width) + Bump(-untilR - offset, amplitude, width);
        }
        // T after the R (QT shortens with the rate, Bazett-like), P before the next R.
        value += Bump(sinceR - (0.30 * Math.Sqrt(rr)), 0.30, 0.05);
        value += Bump(-untilR + 0.16, 0.12, 0.025);
        // Breathing moves the baseline a little (0.25 Hz).
        value += 0.04 * Math.Sin(2 * Math.PI * 0.25 * elapsed.TotalSeconds);
        return value;
    }

    /// <summary><paramref name="count"/> samples from <paramref name="start"/>, in counts of <see cref="Resolution"/>.</summary>
    public short[] Samples(TimeSpan start, int count)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            var microvolts = MillivoltsAt(start + TimeSpan.FromSeconds(i / sampleRateHz)) * 1000;
            samples[i] = (short)Math.Clamp(Math.Round(microvolts / microvoltsPerCount), short.MinValue, short.MaxValue);
        }
        return samples;
    }

    private static double Bump(double t, double amplitude, double width) => amplitude * Math.Exp(-(t * t) / (2 * width * width));
}
