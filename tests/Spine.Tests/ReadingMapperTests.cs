using Google.Protobuf;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using Waveform = TelemetryGateway.Core.Waveform;

namespace TelemetryGateway.Spine.Tests;

public sealed class ReadingMapperTests
{
    [Fact]
    public void Every_field_survives_the_wire()
    {
        var measured = new DateTimeOffset(2026, 11, 22, 8, 30, 15, 123, TimeSpan.FromHours(8));
        var reading = new Reading
        {
            Kind = ReadingKinds.BpSystolic,
            Value = 152,
            Unit = "mm[Hg]",
            PatientId = "P-1002",
            DeviceId = "cuff-A4:C1:38:00:10:02",
            Source = ReadingSource.Ble,
            MeasuredAt = measured,
            ReceivedAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, 5, TimeSpan.Zero),
            DeviceRecordNumber = 17,
            Flags = ReadingFlags.IrregularPulse | ReadingFlags.CuffMovement,
            Reported = new Quantity(20.27, "kPa"),
            Priority = ReadingPriority.Bulk,
        };

        var back = ReadingMapper.FromProto(TelemetryGateway.Contracts.V1.Reading.Parser.ParseFrom(ReadingMapper.ToProto(reading).ToByteArray()));

        Assert.Equal(reading, back);
        Assert.Equal(TimeSpan.FromHours(8), back.MeasuredAt!.Value.Offset);
    }

    [Fact]
    public void Absent_optional_fields_stay_absent_and_waveforms_keep_microseconds()
    {
        var start = new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero).AddTicks(4_567_890);
        var reading = new Reading
        {
            Kind = ReadingKinds.Ecg("II"),
            Value = -12,
            Unit = "uV",
            DeviceId = "amb-07/monitor-1",
            Source = ReadingSource.Mqtt,
            ReceivedAt = start,
            Waveform = new Waveform { Lead = "II", SampleRateHz = 250, StartTime = start, Samples = new[] { -12, 0, 1200, -250, 32767, -32768 } },
        };

        var proto = ReadingMapper.ToProto(reading);
        var back = ReadingMapper.FromProto(proto);

        Assert.False(proto.HasMeasuredUnixMs);
        Assert.False(proto.HasDeviceRecordNumber);
        Assert.Null(back.MeasuredAt);
        Assert.Null(back.DeviceRecordNumber);
        Assert.Null(back.PatientId);
        Assert.Null(back.Reported);
        Assert.Equal(start, back.Waveform!.StartTime);
        Assert.Equal(new[] { -12, 0, 1200, -250, 32767, -32768 }, back.Waveform.Samples.ToArray());
        Assert.Equal(250, back.Waveform.SampleRateHz);
        // ReceivedAt travels in milliseconds: the sub-millisecond part of the gateway clock is dropped.
        Assert.Equal(start.ToUnixTimeMilliseconds(), back.ReceivedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Sequences_collapse_into_sorted_merged_ranges()
    {
        var ranges = IngestProtocol.ToRanges([7, 3, 4, 5, 10, 9, 3, 12]);
        Assert.Equal([(3L, 5L), (7L, 7L), (9L, 10L), (12L, 12L)], ranges.Select(r => (r.First, r.Last)));
    }
}
