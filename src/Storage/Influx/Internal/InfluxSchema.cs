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
    public const string Info = "info";
    public const string Flags = "flags";
    public const string Record = "record";
    public const string Received = "received";
    public const string Shift = "shift";
    public const string DeviceDelta = "device_delta";
    public const string DeviceOffset = "device_offset";
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

    /// <summary>Writes the line of one reading. Only what a reading commonly varies in is a field of its
    /// own; what is small and rarely queried is packed into <see cref="Info"/>, and what follows from the
    /// kind or the timestamp is left out (README.md "Fields"): every field is a column InfluxDB indexes,
    /// caches and compresses separately, so their number sets the ingest rate.</summary>
    public static void Append(LineProtocolWriter lines, string measurement, Reading reading, long time, string gatewayId, DateTimeOffset storedAt, long sequence)
    {
        lines.Measurement(measurement)
            .Tag(Device, TagCodec.Encode(reading.DeviceId))
            .Tag(Kind, TagCodec.Encode(reading.Kind));
        if (!string.IsNullOrEmpty(reading.PatientId))
        {
            lines.Tag(Patient, TagCodec.Encode(reading.PatientId));
        }
        lines.Field(Value, reading.Value);
        if (!ReadingKinds.TryGet(reading.Kind, out var kind) || !string.Equals(kind.Unit, reading.Unit, StringComparison.Ordinal))
        {
            lines.Field(Unit, reading.Unit);
        }
        lines.Field(Info, PackInfo(reading));
        if (reading.Flags != ReadingFlags.None)
        {
            lines.Field(Flags, (long)reading.Flags);
        }
        if (reading.DeviceRecordNumber is { } record)
        {
            lines.Field(Record, record);
        }
        var effective = reading.EffectiveTime.UtcTicks;
        if (reading.ReceivedAt.UtcTicks - effective is var received and not 0)
        {
            lines.Field(Received, received);
        }
        if (time - TimeOf(reading.EffectiveTime) is var shift and not 0)
        {
            lines.Field(Shift, shift);
        }
        if (reading.DeviceTime is { } device)
        {
            // Only skew-corrected readings have one: present (even 0) = known, in ticks from the effective time.
            lines.Field(DeviceDelta, device.UtcTicks - effective);
            if (device.Offset != TimeSpan.Zero)
            {
                lines.Field(DeviceOffset, (long)device.Offset.TotalMinutes);
            }
        }
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
            if (wave.StartTime.Offset != TimeSpan.Zero)
            {
                lines.Field(WaveStartOffset, (long)wave.StartTime.Offset.TotalMinutes);
            }
            lines.Field(WaveWidth, (long)width).Field(WaveSamples, Convert.ToBase64String(samples));
        }
        lines.Field(Gateway, gatewayId)
            .Field(Stored, storedAt.UtcTicks)
            .Field(Sequence, sequence)
            .End(time);
    }

    /// <summary><see cref="Info"/>: bits 0–3 source, 4–5 priority, 6 "measured time known", 8–19 the
    /// measured time's UTC offset and 20–31 the received time's, in minutes + 2048 (offsets are within ±14 h).</summary>
    public static long PackInfo(Reading reading) =>
        ((long)reading.Source & 0xF)
        | (((long)reading.Priority & 0x3) << 4)
        | (reading.MeasuredAt is null ? 0 : 1L << 6)
        | ((long)((reading.MeasuredAt?.Offset.TotalMinutes ?? 0) + 2048) << 8)
        | ((long)(reading.ReceivedAt.Offset.TotalMinutes + 2048) << 20);

    /// <summary>The effective tick, measured time and received time of a point from its time, <see cref="Info"/>,
    /// <see cref="Received"/> and <see cref="Shift"/>.</summary>
    public static (long Effective, DateTimeOffset? Measured, DateTimeOffset Received) Times(long time, long info, long received, long shift)
    {
        var effective = ((time - shift) / NsPerTick) + DateTimeOffset.UnixEpoch.UtcTicks;
        DateTimeOffset? measured = (info & (1L << 6)) != 0 ? At(effective, ((info >> 8) & 0xFFF) - 2048) : null;
        return (effective, measured, At(effective + received, ((info >> 20) & 0xFFF) - 2048));
    }

    /// <summary>A row of <c>SELECT *</c> back into a reading; tags missing from the columns (those in
    /// GROUP BY) come from <paramref name="series"/>'s tags.</summary>
    public static (long Tick, long Sequence, StoredReading Stored) Read(InfluxSeries series, Columns c, object?[] row)
    {
        var patient = Text(series, c.Patient, row, Patient);
        var info = Long(row, c.Info) ?? throw Missing(Info);
        var (effective, measured, received) = Times(Long(row, c.Time) ?? throw Missing("time"), info, Long(row, c.Received) ?? 0, Long(row, c.Shift) ?? 0);
        var kind = TagCodec.Decode(Text(series, c.Kind, row, Kind) ?? throw Missing(Kind));
        var reading = new Reading
        {
            DeviceId = TagCodec.Decode(Text(series, c.Device, row, Device) ?? throw Missing(Device)),
            Kind = kind,
            PatientId = string.IsNullOrEmpty(patient) ? null : TagCodec.Decode(patient),
            Value = Double(row, c.Value) ?? throw Missing(Value),
            Unit = Cell(row, c.Unit) as string ?? UnitOf(kind),
            Source = (ReadingSource)(info & 0xF),
            Priority = (ReadingPriority)((info >> 4) & 0x3),
            Flags = (ReadingFlags)(Long(row, c.Flags) ?? 0),
            DeviceRecordNumber = Long(row, c.Record),
            MeasuredAt = measured,
            DeviceTime = Long(row, c.DeviceDelta) is { } deviceDelta ? Time(effective + deviceDelta, Long(row, c.DeviceOffset)) : null,
            ReceivedAt = received,
            Reported = Double(row, c.ReportedValue) is { } reportedValue
                ? new Quantity(reportedValue, Cell(row, c.ReportedUnit) as string ?? "")
                : null,
            Waveform = Cell(row, c.WaveLead) is string lead ? ReadWaveform(c, row, lead) : null,
        };
        var stored = new StoredReading(
            reading,
            new DateTimeOffset(Long(row, c.Stored) ?? 0, TimeSpan.Zero),
            Cell(row, c.Gateway) as string ?? "");
        return (effective, Long(row, c.Sequence) ?? 0, stored);
    }

    /// <summary>The unit of a point written without one: its kind's canonical unit.</summary>
    public static string UnitOf(string kind) =>
        ReadingKinds.TryGet(kind, out var info) ? info.Unit : throw new InvalidDataException($"A stored {kind} reading has no unit.");

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

    private static DateTimeOffset At(long utcTicks, long offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
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
        public int Info { get; } = series.Column(InfluxSchema.Info);
        public int Flags { get; } = series.Column(InfluxSchema.Flags);
        public int Record { get; } = series.Column(InfluxSchema.Record);
        public int Received { get; } = series.Column(InfluxSchema.Received);
        public int Shift { get; } = series.Column(InfluxSchema.Shift);
        public int DeviceDelta { get; } = series.Column(InfluxSchema.DeviceDelta);
        public int DeviceOffset { get; } = series.Column(InfluxSchema.DeviceOffset);
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
