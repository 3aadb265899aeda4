using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.Influx.LineProtocol;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

/// <summary>How a reading is laid out in VictoriaMetrics (README.md): written as line protocol to
/// <c>/write?precision=ms</c>, where measurement <c>reading</c> and field <c>value</c> become the metric
/// <c>reading_value</c>. Strings can only be labels; numbers are float64 samples at a millisecond.</summary>
internal static class VmSchema
{
    // Labels: who and what, plus the strings of the reading (VictoriaMetrics has no string samples).
    public const string Device = "device";
    public const string Kind = "kind";
    public const string Patient = "patient";
    public const string Unit = "unit";
    public const string Gateway = "gateway";
    public const string ReportedUnit = "reported_unit";
    public const string Lead = "lead";

    // Fields, each its own series <measurement>_<field>.
    public const string Value = "value";
    public const string Tick = "tick";
    public const string MeasuredOffset = "measured_offset";
    public const string ReceivedDelta = "received_delta";
    public const string ReceivedOffset = "received_offset";
    public const string Source = "source";
    public const string Priority = "priority";
    public const string Flags = "flags";
    public const string FlagsHigh = "flags_hi";
    public const string Record = "record";
    public const string ReportedValue = "reported_value";
    public const string Stored = "stored";
    public const string StoredTick = "stored_tick";
    public const string Sequence = "seq";
    public const string WaveCount = "wave_count";
    public const string WaveRate = "wave_rate";
    public const string WaveResolution = "wave_resolution";
    public const string WaveStartDelta = "wave_start_delta";
    public const string WaveStartOffset = "wave_start_offset";

    /// <summary>One waveform sample, at its own millisecond, in the reading's label set.</summary>
    public const string WaveSample = "wave_sample";

    /// <summary>Highest sample rate whose samples get a millisecond each.</summary>
    public const double MaxSampleRateHz = 1000;

    /// <summary>Every field of a reading's own point (not <see cref="WaveSample"/>), for export selectors.</summary>
    public static readonly string[] ReadingFields =
    [
        Value, Value + High, Value + Low, Tick, MeasuredOffset, ReceivedDelta, ReceivedOffset, Source, Priority, Flags, FlagsHigh,
        Record, ReportedValue, ReportedValue + High, ReportedValue + Low, Stored, StoredTick, Sequence,
        WaveCount, WaveRate, WaveRate + High, WaveRate + Low, WaveResolution, WaveResolution + High, WaveResolution + Low,
        WaveStartDelta, WaveStartOffset,
    ];

    /// <summary>Suffixes of the two 32-bit halves of a float's IEEE 754 bits, written beside a float that
    /// VictoriaMetrics would round: it keeps about 12 significant digits (6.105683836589698 comes back as
    /// 6.105683836589, 1e-300 as 0), but integers up to 2^53 exactly.</summary>
    public const string High = "_hi";
    public const string Low = "_lo";

    /// <summary>Largest integer a float64 sample holds exactly.</summary>
    private const long MaxExact = 1L << 53;

    /// <summary>How many milliseconds after its own a colliding reading may be moved.</summary>
    public const long MaxShiftMs = 1000;

    public static long PreferredTime(Reading reading) => Math.DivRem(reading.EffectiveTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerMillisecond, out var rest) - (rest < 0 ? 1 : 0);

    public static long? NextTime(long preferred, long taken) => taken + 1 <= preferred + MaxShiftMs ? taken + 1 : null;

    public static string? CannotStore(Reading reading)
    {
        if (reading.EffectiveTime < DateTimeOffset.UnixEpoch)
        {
            return "VictoriaMetrics stores no timestamps before 1970";
        }
        if (reading.DeviceRecordNumber is { } record && Math.Abs(record) > MaxExact)
        {
            return $"record number {record} is beyond ±2^53 and would not survive a float64 sample";
        }
        if (Math.Abs(reading.ReceivedAt.UtcTicks - reading.EffectiveTime.UtcTicks) > MaxExact)
        {
            return "received and measured time are more than 28 years apart";
        }
        if (reading.Waveform is { } wave && !(wave.SampleRateHz is > 0 and <= MaxSampleRateHz))
        {
            return $"waveform sample rate {wave.SampleRateHz} Hz is outside (0, {MaxSampleRateHz}]: samples are stored one per millisecond";
        }
        if (reading.Waveform is { } w && Math.Abs(w.StartTime.UtcTicks - reading.EffectiveTime.UtcTicks) > MaxExact)
        {
            return "waveform start and effective time are more than 28 years apart";
        }
        return null;
    }

    /// <summary>The millisecond of sample <paramref name="index"/>: start plus its offset at the rate, rounded.</summary>
    public static long SampleTime(long startMs, int index, double rate) => startMs + (long)Math.Round(index * 1000.0 / rate, MidpointRounding.AwayFromZero);

    public static long StartMs(DateTimeOffset start) => Math.DivRem(start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerMillisecond, out var rest) - (rest < 0 ? 1 : 0);

    public static void Append(LineProtocolWriter lines, string measurement, Reading reading, long time, string gatewayId, DateTimeOffset storedAt, long sequence)
    {
        AppendTags(lines, measurement, reading, gatewayId);
        var effective = reading.EffectiveTime.UtcTicks;
        Exact(lines, Value, reading.Value);
        var tick = effective - DateTimeOffset.UnixEpoch.UtcTicks - (time * TimeSpan.TicksPerMillisecond);
        if (tick != 0)
        {
            lines.Field(Tick, tick);
        }
        if (reading.MeasuredAt is { } measured)
        {
            lines.Field(MeasuredOffset, (long)measured.Offset.TotalMinutes); // present (even 0) = measured
        }
        if (reading.ReceivedAt.UtcTicks - effective is var delta and not 0)
        {
            lines.Field(ReceivedDelta, delta);
        }
        if (reading.ReceivedAt.Offset != TimeSpan.Zero)
        {
            lines.Field(ReceivedOffset, (long)reading.ReceivedAt.Offset.TotalMinutes);
        }
        lines.Field(Source, (long)reading.Source).Field(Priority, (long)reading.Priority);
        var flags = (long)reading.Flags;
        if ((flags & 0xFFFF_FFFF) != 0)
        {
            lines.Field(Flags, flags & 0xFFFF_FFFF);
        }
        if (flags >> 32 != 0)
        {
            lines.Field(FlagsHigh, flags >> 32);
        }
        if (reading.DeviceRecordNumber is { } record)
        {
            lines.Field(Record, record);
        }
        if (reading.Reported is { } reportedValue)
        {
            Exact(lines, ReportedValue, reportedValue.Value);
        }
        var storedMs = Math.DivRem(storedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerMillisecond, out var storedTick);
        lines.Field(Stored, storedMs);
        if (storedTick != 0)
        {
            lines.Field(StoredTick, storedTick);
        }
        if (reading.Waveform is { } wave)
        {
            lines.Field(WaveCount, (long)wave.Samples.Length);
            Exact(lines, WaveRate, wave.SampleRateHz);
            Exact(lines, WaveResolution, wave.Resolution);
            if (wave.StartTime.UtcTicks - effective is var startDelta and not 0)
            {
                lines.Field(WaveStartDelta, startDelta);
            }
            if (wave.StartTime.Offset != TimeSpan.Zero)
            {
                lines.Field(WaveStartOffset, (long)wave.StartTime.Offset.TotalMinutes);
            }
        }
        lines.Field(Sequence, sequence).End(time);

        if (reading.Waveform is { Samples.Length: > 0 } samples)
        {
            // Samples are what VictoriaMetrics is built for: one sample per millisecond, compressed to a
            // byte or two each, in the label set of the reading (plus its lead).
            var startMs = StartMs(samples.StartTime);
            var span = samples.Samples.Span;
            for (var i = 0; i < span.Length; i++)
            {
                AppendTags(lines, measurement, reading, gatewayId);
                lines.Field(WaveSample, (long)span[i]).End(SampleTime(startMs, i, samples.SampleRateHz));
            }
        }
    }

    private static void AppendTags(LineProtocolWriter lines, string measurement, Reading reading, string gatewayId)
    {
        lines.Measurement(measurement).Tag(Device, TagCodec.Encode(reading.DeviceId)).Tag(Gateway, TagCodec.Encode(gatewayId)).Tag(Kind, TagCodec.Encode(reading.Kind));
        if (!string.IsNullOrEmpty(reading.PatientId))
        {
            lines.Tag(Patient, TagCodec.Encode(reading.PatientId));
        }
        if (reading.Waveform is { Lead.Length: > 0 } leadOf)
        {
            lines.Tag(Lead, TagCodec.Encode(leadOf.Lead));
        }
        if (reading.Reported is { Unit.Length: > 0 } reported)
        {
            lines.Tag(ReportedUnit, TagCodec.Encode(reported.Unit));
        }
        if (reading.Unit.Length > 0)
        {
            lines.Tag(Unit, TagCodec.Encode(reading.Unit));
        }

    }

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

    /// <summary>Writes <paramref name="value"/> as a sample for queries, and its bits when the sample would round it.</summary>
    private static void Exact(LineProtocolWriter lines, string field, double value)
    {
        lines.Field(field, value);
        if (value != Math.Floor(value) || Math.Abs(value) > MaxExact || double.IsNegative(value))
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            lines.Field(field + High, bits >> 32).Field(field + Low, bits & 0xFFFF_FFFF);
        }
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

/// <summary>The samples of one reading: the series sharing a label set, at one millisecond.</summary>
internal sealed record VmPoint(string Key, IReadOnlyDictionary<string, string> Labels, long Time, Dictionary<string, double> Fields)
{
    /// <summary>A label set as one string (the identity of a series apart from its name).</summary>
    public static string LabelKey(IReadOnlyDictionary<string, string> labels) =>
        string.Join('\u0001', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    /// <summary>Joins exported series of <paramref name="measurement"/> into points; a point without a
    /// <c>value</c> sample (a partial export) is dropped.</summary>
    public static List<VmPoint> Join(IEnumerable<VmSeries> series, string measurement)
    {
        var prefix = measurement + "_";
        var points = new Dictionary<(string Labels, long Time), VmPoint>();
        foreach (var one in series)
        {
            if (!one.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var field = one.Name[prefix.Length..];
            var labels = LabelKey(one.Labels);
            for (var i = 0; i < one.Timestamps.Length; i++)
            {
                var key = (labels, one.Timestamps[i]);
                if (!points.TryGetValue(key, out var point))
                {
                    point = new VmPoint(labels, one.Labels, one.Timestamps[i], new Dictionary<string, double>(StringComparer.Ordinal));
                    points.Add(key, point);
                }
                point.Fields[field] = one.Values[i]; // a duplicate sample (no dedup configured) is the same value
            }
        }
        return [.. points.Values.Where(p => p.Fields.ContainsKey(VmSchema.Value))];
    }
}
