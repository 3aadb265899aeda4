using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

/// <summary>How a reading is laid out in VictoriaMetrics (README.md): written as line protocol to
/// <c>/write?precision=ms</c>, where measurement <c>reading</c> and field <c>value</c> become the metric
/// <c>reading_value</c>. Strings can only be labels; numbers are float64 samples at a millisecond.
/// Parts: names, times and limits here; the lines of a reading in VmSchema.Write.cs; a point back into a
/// reading in VmSchema.Read.cs.</summary>
internal static partial class VmSchema
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
    public const string DeviceDelta = "device_delta";
    public const string DeviceDeltaMs = "device_delta_ms";
    public const string DeviceDeltaTick = "device_delta_tick";
    public const string DeviceOffset = "device_offset";
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
        Value, Value + High, Value + Low, Tick, MeasuredOffset, ReceivedDelta, ReceivedOffset, DeviceDelta, DeviceDeltaMs, DeviceDeltaTick, DeviceOffset, Source, Priority, Flags, FlagsHigh,
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
}
