using System.Globalization;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.LineProtocol;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.Influx.Internal;

/// <summary>How a reading is laid out in InfluxDB (README.md "Schema"): one measurement, tags
/// <c>device</c>, <c>kind</c> and (when known) <c>patient</c>, everything else fields, timestamp the
/// effective time in nanoseconds plus a tie-breaking slot below the 100 ns tick.</summary>
internal static class InfluxSchema
{
    public const string Device = "device";
    public const string Kind = "kind";
    public const string Patient = "patient";

    public const string Value = "value";
    public const string Unit = "unit";
    public const string Source = "source";
    public const string Priority = "priority";
    public const string Flags = "flags";
    public const string Record = "record";
    public const string Measured = "measured";
    public const string MeasuredOffset = "measured_offset";
    public const string Received = "received";
    public const string ReceivedOffset = "received_offset";
    public const string ReportedValue = "reported_value";
    public const string ReportedUnit = "reported_unit";
    public const string WaveLead = "wave_lead";
    public const string WaveRate = "wave_rate";
    public const string WaveResolution = "wave_resolution";
    public const string WaveStart = "wave_start";
    public const string WaveStartOffset = "wave_start_offset";
    public const string WaveWidth = "wave_width";
    public const string WaveSamples = "wave_samples";
    public const string Gateway = "gateway";
    public const string Stored = "stored";
    public const string Sequence = "seq";

    /// <summary>InfluxDB 1.x refuses string field values longer than 64 KiB.</summary>
    public const int MaxStringField = 64 * 1024 - 1;

    /// <summary>Nanoseconds per 100 ns tick of <see cref="DateTimeOffset"/>.</summary>
    public const long NsPerTick = 100;

    /// <summary>Nanoseconds per millisecond: the span within which a colliding reading is moved.</summary>
    public const long NsPerMs = 1_000_000;

    /// <summary>The earliest and latest tick whose millisecond, in nanoseconds, InfluxDB accepts whole
    /// (its range is ±(2^63 − 2) ns around the epoch: 1677-09-21 to 2262-04-11).</summary>
    private static readonly long MinTick = DateTimeOffset.UnixEpoch.UtcTicks + ((long.MinValue + 2) / NsPerTick) + TimeSpan.TicksPerMillisecond;
    private static readonly long MaxTick = DateTimeOffset.UnixEpoch.UtcTicks + ((long.MaxValue - 1) / NsPerTick) - TimeSpan.TicksPerMillisecond;

    /// <summary>The reading's effective time in nanoseconds since the epoch: exactly where it is stored
    /// unless another reading of its device and kind is already there.</summary>
    public static long PreferredTime(Reading reading) => TimeOf(reading.EffectiveTime);

    /// <summary>The next nanosecond after <paramref name="taken"/> within the millisecond of
    /// <paramref name="preferred"/>, wrapping to its start; null when every one is taken.</summary>
    public static long? NextTime(long preferred, long taken)
    {
        var next = taken + 1;
        if (MsStart(next) != MsStart(preferred))
        {
            next = MsStart(preferred);
        }
        return next == preferred ? null : next;
    }

    /// <summary><paramref name="time"/> in nanoseconds since the epoch, clamped to InfluxDB's range.</summary>
    public static long TimeOf(DateTimeOffset time) => (Math.Clamp(time.UtcTicks, MinTick, MaxTick) - DateTimeOffset.UnixEpoch.UtcTicks) * NsPerTick;

    /// <summary>The first nanosecond of the millisecond holding <paramref name="ns"/>.</summary>
    public static long MsStart(long ns) => ns - (((ns % NsPerMs) + NsPerMs) % NsPerMs);

    public static string? CannotStore(Reading reading)
    {
        var tick = reading.EffectiveTime.UtcTicks;
        if (tick < MinTick || tick > MaxTick)
        {
            return $"effective time {reading.EffectiveTime:O} is outside InfluxDB's timestamp range (1677-09-21 to 2262-04-11)";
        }
        if (reading.Waveform is { } wave && Base64Length(wave.Samples.Length * WaveformCodec.WidthFor(wave.Samples.Span)) > MaxStringField)
        {
            return $"a waveform chunk of {wave.Samples.Length} samples exceeds InfluxDB's 64 KiB string field; send shorter chunks";
        }
        return null;
    }

    public static void Append(LineProtocolWriter lines, string measurement, Reading reading, long time, string gatewayId, DateTimeOffset storedAt, long sequence)
    {
        lines.Measurement(measurement)
            .Tag(Device, TagCodec.Encode(reading.DeviceId))
            .Tag(Kind, TagCodec.Encode(reading.Kind));
        if (!string.IsNullOrEmpty(reading.PatientId))
        {
            lines.Tag(Patient, TagCodec.Encode(reading.PatientId));
        }
        lines.Field(Value, reading.Value)
            .Field(Unit, reading.Unit)
            .Field(Source, (long)reading.Source)
            .Field(Priority, (long)reading.Priority);
        if (reading.Flags != ReadingFlags.None)
        {
            lines.Field(Flags, (long)reading.Flags);
        }
        if (reading.DeviceRecordNumber is { } record)
        {
            lines.Field(Record, record);
        }
        if (reading.MeasuredAt is { } measured)
        {
            lines.Field(Measured, measured.UtcTicks);
            OffsetField(lines, MeasuredOffset, measured);
        }
        lines.Field(Received, reading.ReceivedAt.UtcTicks);
        OffsetField(lines, ReceivedOffset, reading.ReceivedAt);
        if (reading.Reported is { } reported)
        {
            lines.Field(ReportedValue, reported.Value).Field(ReportedUnit, reported.Unit);
        }
        if (reading.Waveform is { } wave)
        {
            var samples = WaveformCodec.Encode(wave.Samples.Span, out var width);
            lines.Field(WaveLead, wave.Lead)
                .Field(WaveRate, wave.SampleRateHz)
                .Field(WaveResolution, wave.Resolution)
                .Field(WaveStart, wave.StartTime.UtcTicks);
            OffsetField(lines, WaveStartOffset, wave.StartTime);
            lines.Field(WaveWidth, (long)width).Field(WaveSamples, Convert.ToBase64String(samples));
        }
        lines.Field(Gateway, gatewayId)
            .Field(Stored, storedAt.UtcTicks)
            .Field(Sequence, sequence)
            .End(time);
    }

    /// <summary>A row of <c>SELECT *</c> back into a reading; tags missing from the columns (those in
    /// GROUP BY) come from <paramref name="series"/>'s tags.</summary>
    public static (long Tick, long Sequence, StoredReading Stored) Read(InfluxSeries series, Columns c, object?[] row)
    {
        var patient = Text(series, c.Patient, row, Patient);
        var reading = new Reading
        {
            DeviceId = TagCodec.Decode(Text(series, c.Device, row, Device) ?? throw Missing(Device)),
            Kind = TagCodec.Decode(Text(series, c.Kind, row, Kind) ?? throw Missing(Kind)),
            PatientId = string.IsNullOrEmpty(patient) ? null : TagCodec.Decode(patient),
            Value = Double(row, c.Value) ?? throw Missing(Value),
            Unit = Cell(row, c.Unit) as string ?? throw Missing(Unit),
            Source = (ReadingSource)(Long(row, c.Source) ?? 0),
            Priority = (ReadingPriority)(Long(row, c.Priority) ?? (long)ReadingPriority.Live),
            Flags = (ReadingFlags)(Long(row, c.Flags) ?? 0),
            DeviceRecordNumber = Long(row, c.Record),
            MeasuredAt = Time(Long(row, c.Measured), Long(row, c.MeasuredOffset)),
            ReceivedAt = Time(Long(row, c.Received), Long(row, c.ReceivedOffset)) ?? throw Missing(Received),
            Reported = Double(row, c.ReportedValue) is { } reportedValue
                ? new Quantity(reportedValue, Cell(row, c.ReportedUnit) as string ?? "")
                : null,
            Waveform = Cell(row, c.WaveLead) is string lead ? ReadWaveform(c, row, lead) : null,
        };
        var stored = new StoredReading(
            reading,
            new DateTimeOffset(Long(row, c.Stored) ?? 0, TimeSpan.Zero),
            Cell(row, c.Gateway) as string ?? "");
        return (reading.EffectiveTime.UtcTicks, Long(row, c.Sequence) ?? 0, stored);
    }

    private static Waveform ReadWaveform(Columns c, object?[] row, string lead)
    {
        var bytes = Convert.FromBase64String(Cell(row, c.WaveSamples) as string ?? "");
        return new Waveform
        {
            Lead = lead,
            SampleRateHz = Double(row, c.WaveRate) ?? 0,
            Resolution = Double(row, c.WaveResolution) ?? 1,
            StartTime = Time(Long(row, c.WaveStart), Long(row, c.WaveStartOffset)) ?? throw Missing(WaveStart),
            Samples = bytes.Length == 0 ? Array.Empty<int>() : WaveformCodec.Decode(bytes, (int)(Long(row, c.WaveWidth) ?? 2)),
        };
    }

    private static void OffsetField(LineProtocolWriter lines, string field, DateTimeOffset time)
    {
        if (time.Offset != TimeSpan.Zero)
        {
            lines.Field(field, (long)time.Offset.TotalMinutes);
        }
    }

    private static DateTimeOffset? Time(long? utcTicks, long? offsetMinutes)
    {
        if (utcTicks is not { } ticks)
        {
            return null;
        }
        var offset = TimeSpan.FromMinutes(offsetMinutes ?? 0);
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    private static string? Text(InfluxSeries series, int column, object?[] row, string tag) =>
        column >= 0 ? row[column] as string : series.Tags.GetValueOrDefault(tag);

    private static object? Cell(object?[] row, int column) => column >= 0 ? row[column] : null;

    private static long? Long(object?[] row, int column) => Cell(row, column) switch
    {
        long l => l,
        double d => checked((long)d),
        _ => null,
    };

    private static double? Double(object?[] row, int column) => Cell(row, column) switch
    {
        double d => d,
        long l => l,
        _ => null,
    };

    private static InvalidDataException Missing(string what) => new($"A stored reading has no '{what}'.");

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    /// <summary>Column positions of one result series (-1 when absent).</summary>
    public sealed class Columns(InfluxSeries series)
    {
        public int Time { get; } = series.Column("time");
        public int Device { get; } = series.Column(InfluxSchema.Device);
        public int Kind { get; } = series.Column(InfluxSchema.Kind);
        public int Patient { get; } = series.Column(InfluxSchema.Patient);
        public int Value { get; } = series.Column(InfluxSchema.Value);
        public int Unit { get; } = series.Column(InfluxSchema.Unit);
        public int Source { get; } = series.Column(InfluxSchema.Source);
        public int Priority { get; } = series.Column(InfluxSchema.Priority);
        public int Flags { get; } = series.Column(InfluxSchema.Flags);
        public int Record { get; } = series.Column(InfluxSchema.Record);
        public int Measured { get; } = series.Column(InfluxSchema.Measured);
        public int MeasuredOffset { get; } = series.Column(InfluxSchema.MeasuredOffset);
        public int Received { get; } = series.Column(InfluxSchema.Received);
        public int ReceivedOffset { get; } = series.Column(InfluxSchema.ReceivedOffset);
        public int ReportedValue { get; } = series.Column(InfluxSchema.ReportedValue);
        public int ReportedUnit { get; } = series.Column(InfluxSchema.ReportedUnit);
        public int WaveLead { get; } = series.Column(InfluxSchema.WaveLead);
        public int WaveRate { get; } = series.Column(InfluxSchema.WaveRate);
        public int WaveResolution { get; } = series.Column(InfluxSchema.WaveResolution);
        public int WaveStart { get; } = series.Column(InfluxSchema.WaveStart);
        public int WaveStartOffset { get; } = series.Column(InfluxSchema.WaveStartOffset);
        public int WaveWidth { get; } = series.Column(InfluxSchema.WaveWidth);
        public int WaveSamples { get; } = series.Column(InfluxSchema.WaveSamples);
        public int Gateway { get; } = series.Column(InfluxSchema.Gateway);
        public int Stored { get; } = series.Column(InfluxSchema.Stored);
        public int Sequence { get; } = series.Column(InfluxSchema.Sequence);
    }
}
