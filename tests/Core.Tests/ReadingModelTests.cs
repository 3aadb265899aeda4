using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class ReadingModelTests
{
    [Fact]
    public void Priorities_order_alert_over_live_over_bulk()
    {
        Assert.True(ReadingPriority.Alert > ReadingPriority.Live);
        Assert.True(ReadingPriority.Live > ReadingPriority.Bulk);
    }

    [Fact]
    public void Default_source_is_not_a_defined_source()
    {
        // An adapter that forgets to set Source must be caught by the validator.
        Assert.False(Enum.IsDefined(default(ReadingSource)));
    }

    [Fact]
    public void Default_priority_is_live()
    {
        var reading = Samples.Systolic() with { };
        var fresh = new Reading
        {
            Kind = "spo2", Value = 97, Unit = "%", DeviceId = "ox-1", Source = ReadingSource.Mqtt, ReceivedAt = Samples.Received,
        };
        Assert.Equal(ReadingPriority.Bulk, reading.Priority);
        Assert.Equal(ReadingPriority.Live, fresh.Priority);
    }

    [Fact]
    public void Effective_time_prefers_measured_time()
    {
        var reading = Samples.Systolic();
        Assert.Equal(reading.MeasuredAt, reading.EffectiveTime);
        Assert.Equal(reading.ReceivedAt, (reading with { MeasuredAt = null }).EffectiveTime);
    }

    [Fact]
    public void Device_time_is_optional_and_survives_derivation_beside_the_corrected_time()
    {
        var corrected = Samples.Systolic();
        Assert.Null(corrected.DeviceTime);

        var raw = new DateTimeOffset(2025, 3, 1, 8, 0, 5, TimeSpan.Zero);
        var audited = corrected with { DeviceTime = raw };
        var bound = audited with { PatientId = "P-0042" };

        Assert.Equal(raw, bound.DeviceTime);
        Assert.Equal(corrected.MeasuredAt, bound.MeasuredAt);
        Assert.NotEqual(corrected, audited); // a reading with the device's own time is a different value
        Assert.Equal(audited, bound with { PatientId = null });
    }

    [Fact]
    public void With_derives_without_mutating()
    {
        var original = Samples.Systolic();
        var bound = original with { PatientId = "P-1" };
        Assert.Null(original.PatientId);
        Assert.Equal("P-1", bound.PatientId);
        Assert.NotEqual(original, bound);
    }

    [Fact]
    public void Waveform_from_int16_widens_and_scales()
    {
        var start = Samples.Received;
        var waveform = Waveform.FromInt16("II", 500, start, [short.MinValue, -1, 0, 400, short.MaxValue], resolution: 2.5);
        Assert.Equal([-32768, -1, 0, 400, 32767], waveform.Samples.ToArray());
        Assert.Equal(1000.0, waveform.ValueAt(3));
        Assert.Equal(TimeSpan.FromMilliseconds(10), waveform.Duration);
        Assert.Equal("II", waveform.Lead);
        Assert.Equal(start, waveform.StartTime);
    }

    [Fact]
    public void Quantity_prints_invariantly()
    {
        Assert.Equal("16.5 kPa", new Quantity(16.5, "kPa").ToString());
    }
}
