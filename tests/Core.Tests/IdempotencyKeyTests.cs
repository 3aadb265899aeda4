using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class IdempotencyKeyTests
{
    [Fact]
    public void Record_number_key_has_a_fixed_text_form()
    {
        // The text form is stored as a unique key: this pins it.
        var key = Samples.Systolic(record: 17).Key;
        Assert.Equal(KeyBasis.RecordNumber, key.Basis);
        Assert.Equal(17, key.Discriminator);
        Assert.Equal("bp.systolic|r17|C4:7C:8D:6A:3F:01", key.ToString());
    }

    [Fact]
    public void Same_record_pulled_twice_by_different_gateways_has_the_same_key()
    {
        var first = Samples.Systolic();
        // Another gateway, a day later, another priority and patient attached: still the same measurement.
        var second = first with
        {
            ReceivedAt = first.ReceivedAt.AddDays(1),
            PatientId = "P-0042",
            Priority = ReadingPriority.Live,
            Reported = null,
        };
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.Key.ToString(), second.Key.ToString());
    }

    [Fact]
    public void Readings_of_one_bp_record_have_distinct_keys()
    {
        // One BLE Blood Pressure Measurement (record 17) yields four readings; none may dedupe another.
        var systolic = Samples.Systolic();
        var keys = new[]
        {
            systolic.Key,
            (systolic with { Kind = ReadingKinds.BpDiastolic, Value = 80 }).Key,
            (systolic with { Kind = ReadingKinds.BpMean, Value = 93 }).Key,
            (systolic with { Kind = ReadingKinds.HeartRate, Value = 72, Unit = "/min" }).Key,
        };
        Assert.Equal(4, keys.Select(k => k.ToString()).Distinct().Count());
    }

    [Fact]
    public void Different_record_numbers_or_devices_differ()
    {
        var a = Samples.Systolic(record: 17);
        Assert.NotEqual(a.Key, Samples.Systolic(record: 18).Key);
        Assert.NotEqual(a.Key, (a with { DeviceId = "C4:7C:8D:6A:3F:02" }).Key);
    }

    [Fact]
    public void Without_record_number_the_measured_instant_is_used_whatever_its_offset()
    {
        var utc = Samples.Systolic(record: null);
        var local = utc with { MeasuredAt = utc.MeasuredAt!.Value.ToOffset(TimeSpan.FromHours(8)) };
        Assert.Equal(KeyBasis.MeasuredTime, utc.Key.Basis);
        Assert.Equal(utc.MeasuredAt.Value.UtcTicks, utc.Key.Discriminator);
        Assert.Equal(utc.Key, local.Key);
        Assert.Equal($"bp.systolic|t{utc.MeasuredAt.Value.UtcTicks}|C4:7C:8D:6A:3F:01", utc.Key.ToString());
        Assert.NotEqual(utc.Key, (utc with { MeasuredAt = utc.MeasuredAt.Value.AddSeconds(1) }).Key);
    }

    [Fact]
    public void Record_number_wins_over_measured_time()
    {
        // A device clock correction must not turn a re-pulled record into a new one.
        var a = Samples.Systolic(record: 5);
        var b = a with { MeasuredAt = a.MeasuredAt!.Value.AddMinutes(7) };
        Assert.Equal(a.Key, b.Key);
    }

    [Theory]
    [InlineData(17L)]
    [InlineData(null)]
    public void The_raw_device_time_never_changes_the_key(long? record)
    {
        // Keys stored before Reading.DeviceTime existed must still match the same measurement carrying it.
        var corrected = Samples.Systolic(record);
        var raw = corrected.MeasuredAt!.Value.AddMinutes(-42).ToOffset(TimeSpan.Zero);

        var withDeviceTime = corrected with { DeviceTime = raw };

        Assert.Equal(corrected.Key, withDeviceTime.Key);
        Assert.Equal(corrected.Key.ToString(), withDeviceTime.Key.ToString());
        Assert.Equal(corrected.MeasuredAt, withDeviceTime.EffectiveTime);
    }

    [Fact]
    public void Without_device_identity_the_received_time_is_used()
    {
        var reading = Samples.Systolic(record: null) with { MeasuredAt = null };
        Assert.Equal(KeyBasis.ReceivedTime, reading.Key.Basis);
        Assert.StartsWith("bp.systolic|x", reading.Key.ToString());
    }

    [Fact]
    public void Record_number_and_time_bases_never_collide()
    {
        // Record number 638_000_000 and ticks 638_000_000 must give different text keys.
        var byRecord = new IdempotencyKey("d", "glucose", KeyBasis.RecordNumber, 638_000_000);
        var byTime = new IdempotencyKey("d", "glucose", KeyBasis.MeasuredTime, 638_000_000);
        Assert.NotEqual(byRecord.ToString(), byTime.ToString());
    }

    [Fact]
    public void Device_id_with_separator_stays_unambiguous()
    {
        var key = new IdempotencyKey("serial|7", "glucose", KeyBasis.RecordNumber, 3);
        Assert.Equal("glucose|r3|serial|7", key.ToString());
        Assert.NotEqual(key.ToString(), new IdempotencyKey("serial", "glucose", KeyBasis.RecordNumber, 3).ToString());
    }
}
