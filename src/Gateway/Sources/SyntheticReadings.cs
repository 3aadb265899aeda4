using TelemetryGateway.Core;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>
/// Plausible synthetic values: a slow sine around a typical value for the kind, a pure function of the record
/// number, so that a replayed record carries the same value as the first time.
/// </summary>
internal static class SyntheticReadings
{
    private const double EcgSampleRateHz = 250;
    private const int EcgSamplesPerReading = 50;

    private static readonly Dictionary<string, (double Typical, double Swing)> Typical = new(StringComparer.Ordinal)
    {
        [ReadingKinds.HeartRate] = (75, 15),
        [ReadingKinds.PulseRate] = (75, 15),
        [ReadingKinds.BpSystolic] = (125, 15),
        [ReadingKinds.BpDiastolic] = (80, 8),
        [ReadingKinds.BpMean] = (95, 10),
        [ReadingKinds.Glucose] = (6.5, 2),
        [ReadingKinds.SpO2] = (96, 2),
        [ReadingKinds.RespRate] = (16, 3),
        [ReadingKinds.EtCO2] = (38, 4),
        [ReadingKinds.BodyTemperature] = (36.9, 0.4),
        [ReadingKinds.BodyWeight] = (70, 2),
    };

    public static Reading Create(GeneratorSpec spec, long record, DateTimeOffset now)
    {
        var info = ReadingKinds.Get(spec.Kind);
        Waveform? waveform = null;
        double value;
        if (info.IsWaveform)
        {
            waveform = EcgChunk(spec.Kind, record, now);
            value = waveform.Samples.Span[0] * waveform.Resolution;
        }
        else
        {
            var (typical, swing) = Typical.GetValueOrDefault(spec.Kind, ((info.PlausibleMin + info.PlausibleMax) / 2, 0));
            value = Math.Round(typical + swing * Math.Sin(record * 0.05), 1);
        }

        return new Reading
        {
            Kind = spec.Kind,
            Value = value,
            Unit = info.Unit,
            PatientId = spec.Patient,
            DeviceId = spec.Device,
            Source = ReadingSource.Generator,
            MeasuredAt = now,
            ReceivedAt = now,
            DeviceRecordNumber = record,
            Priority = spec.Priority,
            Waveform = waveform,
        };
    }

    // 200 ms of a crude ECG: a 1 mV spike once per 250 samples (60/min) over a small baseline wander, in µV.
    private static Waveform EcgChunk(string kind, long record, DateTimeOffset now)
    {
        var samples = new int[EcgSamplesPerReading];
        for (var i = 0; i < samples.Length; i++)
        {
            var n = record * EcgSamplesPerReading + i;
            samples[i] = (n % 250 == 0 ? 1000 : 0) + (int)(50 * Math.Sin(n * 0.01));
        }

        return new Waveform
        {
            SampleRateHz = EcgSampleRateHz,
            Samples = samples,
            StartTime = now,
            Lead = ReadingKinds.LeadOf(kind)!,
            Resolution = 1.0,
        };
    }
}
