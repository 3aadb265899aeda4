using TelemetryGateway.Core;

namespace TelemetryGateway.Core.Tests;

public class ReadingValidatorTests
{
    private static readonly ReadingValidator Validator = ReadingValidator.Default;

    /// <summary>One reading per reject reason, each otherwise valid.</summary>
    public static TheoryData<RejectReason, Reading> Rejections()
    {
        var bp = Samples.Systolic();
        var ecg = Samples.EcgII();
        return new TheoryData<RejectReason, Reading>
        {
            { RejectReason.UnknownKind, bp with { Kind = "bp.sistolic" } },
            { RejectReason.UnknownKind, bp with { Kind = "ecg.V9" } },
            { RejectReason.MissingDevice, bp with { DeviceId = "" } },
            { RejectReason.MissingDevice, bp with { DeviceId = "   " } },
            { RejectReason.UnknownSource, bp with { Source = default } },
            { RejectReason.UnknownSource, bp with { Source = (ReadingSource)42 } },
            { RejectReason.NonFiniteValue, bp with { Value = double.NaN } },
            { RejectReason.NonFiniteValue, bp with { Value = double.PositiveInfinity } },
            { RejectReason.WrongUnit, bp with { Unit = "kPa" } },
            { RejectReason.WrongUnit, bp with { Unit = "mmHg" } }, // device spelling: decoder forgot to normalise
            { RejectReason.OutOfPhysiologicalRange, bp with { Value = 900 } },
            { RejectReason.OutOfPhysiologicalRange, bp with { Kind = "spo2", Unit = "%", Value = 101 } },
            { RejectReason.OutOfPhysiologicalRange, Samples.EcgII([0, 10, 20_000]) }, // 20000 × 2.5 uV = 50 mV
            { RejectReason.MeasuredInFuture, bp with { MeasuredAt = Samples.Received.AddMinutes(5).AddTicks(1) } },
            { RejectReason.ReceivedInFuture, bp with { ReceivedAt = Samples.Now.AddMinutes(6), MeasuredAt = Samples.Now.AddMinutes(6) } },
            { RejectReason.MissingWaveform, ecg with { Waveform = null } },
            { RejectReason.UnexpectedWaveform, bp with { Waveform = ecg.Waveform } },
            { RejectReason.InvalidWaveform, ecg with { Waveform = ecg.Waveform! with { SampleRateHz = 0 } } },
            { RejectReason.InvalidWaveform, ecg with { Waveform = ecg.Waveform! with { SampleRateHz = double.NaN } } },
            { RejectReason.InvalidWaveform, ecg with { Waveform = ecg.Waveform! with { Resolution = -1 } } },
            { RejectReason.InvalidWaveform, ecg with { Waveform = ecg.Waveform! with { Samples = Array.Empty<int>() } } },
            { RejectReason.InvalidWaveform, ecg with { Waveform = ecg.Waveform! with { Lead = "III" } } },
            { RejectReason.InvalidRecordNumber, bp with { DeviceRecordNumber = -1 } },
        };
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_with_reason_and_message(RejectReason expected, Reading reading)
    {
        var result = Validator.Validate(reading, Samples.Now);
        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public void Every_reject_reason_is_exercised()
    {
        var covered = Rejections().Select(row => (RejectReason)row[0]).ToHashSet();
        var missing = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None).Except(covered).ToArray();
        Assert.True(missing.Length == 0, "not exercised: " + string.Join(", ", missing));
    }

    [Fact]
    public void Accepts_valid_scalar_reading()
    {
        var result = Validator.Validate(Samples.Systolic(), Samples.Now);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(ValidationResult.Valid, result);
    }

    [Fact]
    public void Accepts_valid_waveform_reading()
    {
        var result = Validator.Validate(Samples.EcgII(), Samples.Now);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Accepts_reading_without_device_time_or_record_number()
    {
        var reading = Samples.Systolic(record: null) with { MeasuredAt = null };
        Assert.True(Validator.Validate(reading, Samples.Now).IsValid);
    }

    [Fact]
    public void Measured_time_exactly_at_tolerance_is_accepted()
    {
        var reading = Samples.Systolic() with { MeasuredAt = Samples.Received.AddMinutes(5) };
        Assert.True(Validator.Validate(reading, Samples.Now).IsValid);
    }

    [Fact]
    public void Tolerance_is_configurable()
    {
        var strict = new ReadingValidator(new ValidationOptions { FutureTolerance = TimeSpan.FromSeconds(30) });
        var reading = Samples.Systolic() with { MeasuredAt = Samples.Received.AddMinutes(1) };
        Assert.True(Validator.Validate(reading, Samples.Now).IsValid);
        Assert.Equal(RejectReason.MeasuredInFuture, strict.Validate(reading, Samples.Now).Reason);
    }

    [Fact]
    public void Future_check_compares_instants_not_local_times()
    {
        // 10:33 at +02:00 is 08:33 UTC: 3 min after receipt, inside the tolerance.
        var reading = Samples.Systolic() with
        {
            MeasuredAt = new DateTimeOffset(2025, 3, 14, 10, 33, 0, TimeSpan.FromHours(2)),
        };
        Assert.True(Validator.Validate(reading, Samples.Now).IsValid);
    }

    [Fact]
    public void The_clock_argument_decides_received_in_future()
    {
        var reading = Samples.Systolic();
        Assert.True(Validator.Validate(reading, Samples.Now).IsValid);
        Assert.Equal(RejectReason.ReceivedInFuture, Validator.Validate(reading, Samples.Received.AddHours(-1)).Reason);
    }

    [Fact]
    public void Out_of_range_message_names_value_and_range()
    {
        var result = Validator.Validate(Samples.Systolic() with { Value = 900 }, Samples.Now);
        Assert.Contains("900", result.Message);
        Assert.Contains("bp.systolic", result.Message);
        Assert.Contains("20..350", result.Message);
    }

    [Fact]
    public void Negative_sample_beyond_range_is_rejected()
    {
        var result = Validator.Validate(Samples.EcgII([0, -12_001]), Samples.Now); // -30002.5 uV
        Assert.Equal(RejectReason.OutOfPhysiologicalRange, result.Reason);
        Assert.Contains("sample 1", result.Message);
    }

    [Fact]
    public void Null_options_throw()
    {
        Assert.Throws<ArgumentNullException>(() => new ReadingValidator(null!));
    }
}
