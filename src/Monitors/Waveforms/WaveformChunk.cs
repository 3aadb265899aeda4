using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Waveforms;

/// <summary>What a waveform chunk samples.</summary>
/// <remarks>Numbers are stable: they are the signal byte of the binary chunk layout (docs/monitor-json.md).</remarks>
public enum WaveformSignal : byte
{
    /// <summary>An ECG lead (the lead byte names which).</summary>
    Ecg = 1,
    /// <summary>Pulse oximeter plethysmogram.</summary>
    Pleth = 2,
    /// <summary>Capnogram (airway CO2).</summary>
    Co2 = 3,
}

/// <summary>A chunk of samples from one channel, as monitors publish them (e.g. 250 ms of ECG lead II).</summary>
/// <param name="Signal">What is sampled.</param>
/// <param name="Lead">ECG lead in <see cref="EcgLeads"/> spelling; null for pleth and CO2.</param>
/// <param name="SampleRateHz">Samples per second, &gt; 0.</param>
/// <param name="Start">Time of the first sample.</param>
/// <param name="Resolution">Canonical units per count (uV per LSB for ECG).</param>
/// <param name="Samples">16-bit samples, oldest first.</param>
public sealed record WaveformChunk(
    WaveformSignal Signal, string? Lead, double SampleRateHz, DateTimeOffset Start, double Resolution, ReadOnlyMemory<short> Samples)
{
    /// <summary>Most samples in one chunk (the binary count field is 16-bit).</summary>
    public const int MaxSamples = ushort.MaxValue;

    /// <summary>"ecg II", "pleth", "co2": how logs and unmapped entries name the channel.</summary>
    public string Channel => Signal switch
    {
        WaveformSignal.Ecg => $"ecg {Lead}",
        WaveformSignal.Pleth => "pleth",
        _ => "co2",
    };

    /// <summary>The reading for an ECG chunk (kind ecg.&lt;lead&gt;, value = first sample in uV); null for
    /// pleth and CO2, which have no kind in the vocabulary yet (the caller keeps them as unmapped).</summary>
    public Reading? ToReading(string deviceId, string? patientId, DateTimeOffset receivedAt)
    {
        if (Signal != WaveformSignal.Ecg || Lead is null || Samples.Length == 0)
        {
            return null;
        }
        var waveform = Waveform.FromInt16(Lead, SampleRateHz, Start, Samples.Span, Resolution);
        return new Reading
        {
            Kind = ReadingKinds.Ecg(Lead),
            Value = waveform.ValueAt(0),
            Unit = Ucum.Microvolt,
            PatientId = patientId,
            DeviceId = deviceId,
            Source = ReadingSource.Mqtt,
            MeasuredAt = Start,
            ReceivedAt = receivedAt,
            Waveform = waveform,
        };
    }
}
