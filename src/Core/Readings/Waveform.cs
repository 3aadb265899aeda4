namespace TelemetryGateway.Core;

/// <summary>A chunk of a sampled waveform (e.g. one second of ECG lead II) attached to an <c>ecg.&lt;lead&gt;</c> reading.</summary>
/// <remarks>
/// Samples are raw device counts; multiply by <see cref="Resolution"/> to get the kind's canonical unit
/// (<c>uV</c> for ECG). Monitors send 16-bit samples (HL7 v2 NA data, most binary chunk formats) or 32-bit;
/// both are held as <see cref="int"/> so that consumers handle one sample type: widening 16-bit chunks
/// costs a copy at decode time and nothing anywhere else.
/// </remarks>
public sealed record Waveform
{
    /// <summary>Samples per second, &gt; 0.</summary>
    public required double SampleRateHz { get; init; }

    /// <summary>Samples in device counts, oldest first.</summary>
    public required ReadOnlyMemory<int> Samples { get; init; }

    /// <summary>Time of the first sample (device clock, corrected for skew like <see cref="Reading.MeasuredAt"/>).</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The lead name as in <see cref="EcgLeads"/>, e.g. "II"; must match the reading's kind.</summary>
    public required string Lead { get; init; }

    /// <summary>Canonical units per count (e.g. 2.5 uV per LSB); 1 when samples are already in canonical units.</summary>
    public double Resolution { get; init; } = 1.0;

    /// <summary>Duration covered by the samples.</summary>
    public TimeSpan Duration => SampleRateHz > 0
        ? TimeSpan.FromSeconds(Samples.Length / SampleRateHz)
        : TimeSpan.Zero;

    /// <summary>Value of sample <paramref name="index"/> in canonical units.</summary>
    public double ValueAt(int index) => Samples.Span[index] * Resolution;

    /// <summary>Builds a waveform from 16-bit samples, widening them.</summary>
    public static Waveform FromInt16(
        string lead, double sampleRateHz, DateTimeOffset startTime, ReadOnlySpan<short> samples, double resolution = 1.0)
    {
        var widened = new int[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            widened[i] = samples[i];
        }
        return new Waveform
        {
            Lead = lead,
            SampleRateHz = sampleRateHz,
            StartTime = startTime,
            Samples = widened,
            Resolution = resolution,
        };
    }
}
