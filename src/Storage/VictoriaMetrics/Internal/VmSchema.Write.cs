using TelemetryGateway.Core;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.VictoriaMetrics.Internal;

// A reading as line protocol: its point (fields, with exact bits where a sample would round) and its waveform samples.
internal static partial class VmSchema
{
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
        if (reading.DeviceTime is { } device)
        {
            // Present (even 0) = known. In ticks while a float64 sample holds them exactly (±2^53, 28.5 years);
            // a device clock further off (one reset to 1970) gets milliseconds and the sub-millisecond rest,
            // so the audit field never costs the reading.
            var deviceDelta = device.UtcTicks - effective;
            if (Math.Abs(deviceDelta) <= MaxExact)
            {
                lines.Field(DeviceDelta, deviceDelta);
            }
            else
            {
                lines.Field(DeviceDeltaMs, Math.DivRem(deviceDelta, TimeSpan.TicksPerMillisecond, out var rest) - (rest < 0 ? 1 : 0));
                if (rest != 0)
                {
                    lines.Field(DeviceDeltaTick, rest < 0 ? rest + TimeSpan.TicksPerMillisecond : rest);
                }
            }
            if (device.Offset != TimeSpan.Zero)
            {
                lines.Field(DeviceOffset, (long)device.Offset.TotalMinutes);
            }
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
}
