using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

// A point joined from exported series back into a stored reading, its waveform, or its duplicate-lookup key.
internal static partial class VmSchema
{
    /// <summary>A point joined from its field series back into a reading; its waveform samples, if it has
    /// any, come from <paramref name="samples"/> (keyed by label set and millisecond).</summary>
    public static (long Tick, long Sequence, StoredReading Stored) Read(VmPoint point, IReadOnlyDictionary<(string Labels, long Time), double>? samples = null)
    {
        var labels = point.Labels;
        var fields = point.Fields;
        var effective = DateTimeOffset.UnixEpoch.UtcTicks + (point.Time * TimeSpan.TicksPerMillisecond) + Long(fields, Tick);
        DateTimeOffset? measured = fields.TryGetValue(MeasuredOffset, out var measuredOffset) ? At(effective, (long)measuredOffset) : null;
        var flags = Long(fields, Flags) | (Long(fields, FlagsHigh) << 32);
        var reading = new Reading
        {
            DeviceId = TagCodec.Decode(labels[Device]),
            Kind = TagCodec.Decode(labels[Kind]),
            PatientId = labels.TryGetValue(Patient, out var patient) ? TagCodec.Decode(patient) : null,
            Value = Exact(fields, Value) ?? throw new InvalidDataException("A stored reading has no value."),
            Unit = labels.TryGetValue(Unit, out var unit) ? TagCodec.Decode(unit) : "",
            Source = (ReadingSource)Long(fields, Source),
            Priority = (ReadingPriority)Long(fields, Priority),
            Flags = (ReadingFlags)flags,
            DeviceRecordNumber = fields.TryGetValue(Record, out var record) ? (long)record : null,
            MeasuredAt = measured,
            DeviceTime = DeviceDeltaOf(fields) is { } deviceDelta ? At(effective + deviceDelta, Long(fields, DeviceOffset)) : null,
            ReceivedAt = At(effective + Long(fields, ReceivedDelta), Long(fields, ReceivedOffset)),
            Reported = Exact(fields, ReportedValue) is { } reported
                ? new Quantity(reported, labels.TryGetValue(ReportedUnit, out var reportedUnit) ? TagCodec.Decode(reportedUnit) : "")
                : null,
            Waveform = fields.TryGetValue(WaveCount, out var count) ? ReadWaveform(point, effective, (int)count, samples) : null,
        };
        var storedAt = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (Long(fields, Stored) * TimeSpan.TicksPerMillisecond) + Long(fields, StoredTick), TimeSpan.Zero);
        var gateway = labels.TryGetValue(Gateway, out var g) ? TagCodec.Decode(g) : "";
        return (effective, Long(fields, Sequence), new StoredReading(reading, storedAt, gateway));
    }

    /// <summary>Device time − effective time in ticks: from <see cref="DeviceDelta"/>, or for a clock more than
    /// 2^53 ticks off from <see cref="DeviceDeltaMs"/> and <see cref="DeviceDeltaTick"/>; null when unknown.</summary>
    private static long? DeviceDeltaOf(IReadOnlyDictionary<string, double> fields)
    {
        if (fields.TryGetValue(DeviceDelta, out var ticks))
        {
            return (long)ticks;
        }
        return fields.TryGetValue(DeviceDeltaMs, out var ms) ? ((long)ms * TimeSpan.TicksPerMillisecond) + Long(fields, DeviceDeltaTick) : null;
    }

    /// <summary>The millisecond span of a point's waveform samples, or null when it has none.</summary>
    public static (long First, long Last)? SampleSpan(VmPoint point)
    {
        if (!point.Fields.TryGetValue(WaveCount, out var count) || count < 1)
        {
            return null;
        }
        var effective = DateTimeOffset.UnixEpoch.UtcTicks + (point.Time * TimeSpan.TicksPerMillisecond) + Long(point.Fields, Tick);
        var startMs = StartMs(new DateTimeOffset(effective + Long(point.Fields, WaveStartDelta), TimeSpan.Zero));
        return (startMs, SampleTime(startMs, (int)count - 1, Exact(point.Fields, WaveRate) ?? 1));
    }

    private static Waveform ReadWaveform(VmPoint point, long effective, int count, IReadOnlyDictionary<(string Labels, long Time), double>? samples)
    {
        var rate = Exact(point.Fields, WaveRate) ?? throw new InvalidDataException("A stored waveform has no sample rate.");
        var start = At(effective + Long(point.Fields, WaveStartDelta), Long(point.Fields, WaveStartOffset));
        var values = new int[count];
        var startMs = StartMs(start);
        for (var i = 0; i < count; i++)
        {
            values[i] = samples is not null && samples.TryGetValue((point.Key, SampleTime(startMs, i, rate)), out var sample)
                ? (int)sample
                : throw new InvalidDataException($"Waveform sample {i} of {count} ({point.Labels.GetValueOrDefault(Device)}) is missing.");
        }
        return new Waveform
        {
            Lead = point.Labels.TryGetValue(Lead, out var lead) ? TagCodec.Decode(lead) : "",
            SampleRateHz = rate,
            Resolution = Exact(point.Fields, WaveResolution) ?? 1,
            StartTime = start,
            Samples = values,
        };
    }

    /// <summary>Only the effective tick of a point fetched with <c>value</c> and <c>tick</c> (for counting).</summary>
    public static (long Tick, long Sequence, StoredReading Stored) ReadTime(VmPoint point) =>
        (DateTimeOffset.UnixEpoch.UtcTicks + (point.Time * TimeSpan.TicksPerMillisecond) + Long(point.Fields, Tick), 0, null!);

    /// <summary>The key of a stored point, from the fields the duplicate lookup fetches.</summary>
    public static ExistingPoint Existing(VmPoint point)
    {
        var (_, _, stored) = Read(point);
        var reading = stored.Reading;
        return ExistingPoint.Of(reading, reading.Key, point.Time);
    }

    /// <summary>The exact value of <paramref name="field"/>: from its bits when written, else the sample.</summary>
    private static double? Exact(IReadOnlyDictionary<string, double> fields, string field)
    {
        if (fields.TryGetValue(field + High, out var high) && fields.TryGetValue(field + Low, out var low))
        {
            return BitConverter.Int64BitsToDouble(((long)high << 32) | (long)low);
        }
        return fields.TryGetValue(field, out var value) ? value : null;
    }

    private static DateTimeOffset At(long utcTicks, long offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }

    private static long Long(IReadOnlyDictionary<string, double> fields, string name) =>
        fields.TryGetValue(name, out var value) ? (long)value : 0;
}
