using Google.Protobuf;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using ProtoReading = TelemetryGateway.Contracts.V1.Reading;

namespace TelemetryGateway.Hub.Tests;

/// <summary>Reading.DeviceTime on the wire (telemetry.proto fields 15 and 16), both ways and across versions, and the
/// range checks every wire time passes before it becomes a DateTimeOffset.</summary>
public sealed class ReadingWireTests
{
    private static readonly DateTimeOffset Corrected = new(2026, 11, 22, 8, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void The_device_time_survives_the_wire_with_its_offset()
    {
        var reading = Glucose() with { DeviceTime = new DateTimeOffset(2026, 11, 22, 15, 12, 2, 456, TimeSpan.FromHours(9)) };

        var back = ReadingMapper.FromProto(ProtoReading.Parser.ParseFrom(ReadingMapper.ToProto(reading).ToByteArray()));

        Assert.Equal(reading, back);
        Assert.Equal(TimeSpan.FromHours(9), back.DeviceTime!.Value.Offset);
        Assert.Equal(reading.Key, back.Key);
    }

    [Fact]
    public void Without_a_correction_the_field_is_absent_on_the_wire_and_null_after_it()
    {
        var reading = Glucose();

        var proto = ReadingMapper.ToProto(reading);
        var back = ReadingMapper.FromProto(ProtoReading.Parser.ParseFrom(proto.ToByteArray()));

        Assert.False(proto.HasDeviceUnixMs);
        Assert.Null(back.DeviceTime);
        Assert.Equal(reading, back);
    }

    [Fact]
    public void A_device_time_at_the_epoch_is_still_present()
    {
        // proto3 optional: presence, not the value, says whether the device time is known.
        var reading = Glucose() with { DeviceTime = DateTimeOffset.UnixEpoch };

        var back = ReadingMapper.FromProto(ProtoReading.Parser.ParseFrom(ReadingMapper.ToProto(reading).ToByteArray()));

        Assert.Equal(DateTimeOffset.UnixEpoch, back.DeviceTime);
    }

    [Fact]
    public void Bytes_from_a_gateway_without_the_field_decode_with_no_device_time()
    {
        // An older gateway's message is the same bytes minus fields 15/16.
        var withDeviceTime = ReadingMapper.ToProto(Glucose() with { DeviceTime = Corrected.AddHours(-2) });
        var older = withDeviceTime.Clone();
        older.ClearDeviceUnixMs();
        older.DeviceOffsetMinutes = 0;

        var fromOlder = ReadingMapper.FromProto(ProtoReading.Parser.ParseFrom(older.ToByteArray()));

        Assert.Null(fromOlder.DeviceTime);
        Assert.Equal(Glucose(), fromOlder);
        Assert.True(withDeviceTime.ToByteArray().Length > older.ToByteArray().Length);
    }

    [Theory]
    [InlineData(840, null)] // UTC+14, Kiribati: the widest offset there is
    [InlineData(-840, null)]
    [InlineData(841, "device_offset_minutes 841 is beyond ±840 minutes (±14 h)")]
    [InlineData(-5000, "device_offset_minutes -5000 is beyond ±840 minutes (±14 h)")]
    public void A_device_offset_decodes_up_to_14_hours_and_beyond_it_is_refused_by_name(int minutes, string? problem)
    {
        var proto = ReadingMapper.ToProto(Glucose() with { DeviceTime = Corrected.AddHours(-2) });
        proto.DeviceOffsetMinutes = minutes;

        var back = ReadingMapper.FromProto(proto, out var why);

        Assert.Equal(problem, why);
        Assert.Equal(problem is null ? TimeSpan.FromMinutes(minutes) : null, back?.DeviceTime!.Value.Offset);
    }

    [Fact]
    public void Times_at_the_ends_of_years_1_to_9999_decode_and_one_millisecond_beyond_is_refused()
    {
        var first = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
        var last = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
        ProtoReading With(long measured, int offset = 0)
        {
            var proto = ReadingMapper.ToProto(Glucose());
            proto.MeasuredUnixMs = measured;
            proto.MeasuredOffsetMinutes = offset;
            return proto;
        }

        Assert.Equal(DateTimeOffset.MinValue, ReadingMapper.FromProto(With(first))!.MeasuredAt);
        Assert.Equal(last, ReadingMapper.FromProto(With(last))!.MeasuredAt!.Value.ToUnixTimeMilliseconds());
        Assert.Null(ReadingMapper.FromProto(With(first - 1), out var before));
        Assert.Null(ReadingMapper.FromProto(With(last + 1), out var after));
        Assert.Null(ReadingMapper.FromProto(With(last, offset: 1), out var localAfter)); // UTC fits, the local time does not
        Assert.Null(ReadingMapper.FromProto(With(first, offset: -1), out var localBefore));
        Assert.StartsWith("measured_unix_ms -62135596800001 is outside years 1-9999", before);
        Assert.StartsWith("measured_unix_ms 253402300800000 is outside years 1-9999", after);
        Assert.Equal("measured_unix_ms 253402300799999 at offset 1 min is outside years 1-9999", localAfter);
        Assert.Equal("measured_unix_ms -62135596800000 at offset -1 min is outside years 1-9999", localBefore);
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => ReadingMapper.FromProto(With(long.MaxValue)));
        Assert.Contains("measured_unix_ms 9223372036854775807", thrown.Message);
    }

    private static Reading Glucose() => new()
    {
        Kind = ReadingKinds.Glucose,
        Value = 6.2,
        Unit = "mmol/L",
        DeviceId = "meter-C4:7C:8D:6A:3F:01",
        Source = ReadingSource.Ble,
        MeasuredAt = Corrected,
        ReceivedAt = Corrected.AddMinutes(40),
        DeviceRecordNumber = 17,
        Priority = ReadingPriority.Bulk,
    };
}
