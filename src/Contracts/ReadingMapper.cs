using TelemetryGateway.Core;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Contracts;

/// <summary>
/// Core readings to and from their wire form. Times travel as Unix milliseconds (waveform starts keep
/// microseconds); the device's UTC offset travels beside them so local time as measured survives.
/// </summary>
public static class ReadingMapper
{
    public static Proto.Reading ToProto(Reading reading)
    {
        var proto = new Proto.Reading
        {
            Kind = reading.Kind,
            Value = reading.Value,
            Unit = reading.Unit,
            PatientId = reading.PatientId ?? "",
            DeviceId = reading.DeviceId,
            Source = (Proto.Source)(int)reading.Source,
            ReceivedUnixMs = reading.ReceivedAt.ToUnixTimeMilliseconds(),
            Flags = (long)reading.Flags,
            Priority = (Proto.Priority)(int)reading.Priority,
        };
        if (reading.MeasuredAt is { } measured)
        {
            proto.MeasuredUnixMs = measured.ToUnixTimeMilliseconds();
            proto.MeasuredOffsetMinutes = (int)measured.Offset.TotalMinutes;
        }
        if (reading.DeviceTime is { } device)
        {
            proto.DeviceUnixMs = device.ToUnixTimeMilliseconds();
            proto.DeviceOffsetMinutes = (int)device.Offset.TotalMinutes;
        }
        if (reading.DeviceRecordNumber is { } record)
        {
            proto.DeviceRecordNumber = record;
        }
        if (reading.Reported is { } reported)
        {
            proto.Reported = new Proto.Quantity { Value = reported.Value, Unit = reported.Unit };
        }
        if (reading.Waveform is { } waveform)
        {
            var wire = new Proto.Waveform
            {
                SampleRateHz = waveform.SampleRateHz,
                StartUnixMs = waveform.StartTime.ToUnixTimeMilliseconds(),
                StartMicros = (int)(waveform.StartTime.Ticks % TimeSpan.TicksPerMillisecond / 10),
                Lead = waveform.Lead,
                Resolution = waveform.Resolution,
            };
            wire.Samples.AddRange(waveform.Samples.ToArray());
            proto.Waveform = wire;
        }
        return proto;
    }

    /// <summary>Reads a wire reading; throws <see cref="ArgumentOutOfRangeException"/> for a time field out of range.</summary>
    public static Reading FromProto(Proto.Reading proto) =>
        FromProto(proto, out var problem) ?? throw new ArgumentOutOfRangeException(nameof(proto), problem);

    /// <summary>Reads a wire reading; null with a reason when a time field is out of range (the hub rejects just
    /// that reading). Clinical validity is the validator's business.</summary>
    public static Reading? FromProto(Proto.Reading proto, out string? problem)
    {
        problem = TimeProblem(proto);
        if (problem is not null)
        {
            return null;
        }
        return new Reading
        {
            Kind = proto.Kind,
            Value = proto.Value,
            Unit = proto.Unit,
            PatientId = proto.PatientId.Length == 0 ? null : proto.PatientId,
            DeviceId = proto.DeviceId,
            Source = (ReadingSource)(int)proto.Source,
            MeasuredAt = proto.HasMeasuredUnixMs ? WireTime.At(proto.MeasuredUnixMs, proto.MeasuredOffsetMinutes) : null,
            DeviceTime = proto.HasDeviceUnixMs ? WireTime.At(proto.DeviceUnixMs, proto.DeviceOffsetMinutes) : null,
            ReceivedAt = WireTime.At(proto.ReceivedUnixMs),
            DeviceRecordNumber = proto.HasDeviceRecordNumber ? proto.DeviceRecordNumber : null,
            Flags = (ReadingFlags)proto.Flags,
            Reported = proto.Reported is { } reported ? new Quantity(reported.Value, reported.Unit) : null,
            Priority = (ReadingPriority)(int)proto.Priority,
            Waveform = proto.Waveform is { } wave
                ? new Waveform
                {
                    SampleRateHz = wave.SampleRateHz,
                    Samples = wave.Samples.ToArray(),
                    StartTime = WireTime.At(wave.StartUnixMs, extraTicks: wave.StartMicros * 10L),
                    Lead = wave.Lead,
                    Resolution = wave.Resolution == 0 ? 1.0 : wave.Resolution,
                }
                : null,
        };
    }

    /// <summary>Why a time field of <paramref name="proto"/> is no time (an offset counts only beside its time).</summary>
    private static string? TimeProblem(Proto.Reading proto) =>
        (proto.HasMeasuredUnixMs ? WireTime.Problem("measured_unix_ms", proto.MeasuredUnixMs, "measured_offset_minutes", proto.MeasuredOffsetMinutes) : null)
        ?? (proto.HasDeviceUnixMs ? WireTime.Problem("device_unix_ms", proto.DeviceUnixMs, "device_offset_minutes", proto.DeviceOffsetMinutes) : null)
        ?? WireTime.Problem("received_unix_ms", proto.ReceivedUnixMs)
        ?? (proto.Waveform is { } wave ? WireTime.Problem("waveform start_unix_ms", wave.StartUnixMs, extraTicks: wave.StartMicros * 10L) : null);
}
