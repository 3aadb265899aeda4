using System.Globalization;

namespace TelemetryGateway.Core;

/// <summary>Judges whether a reading is fit to store and forward.</summary>
/// <remarks>
/// Pure: the current time is an argument, so a test (or a replay) decides what "now" is. Checks run from
/// identity to content to time, and the first failure is returned: one reason per reading keeps the
/// rejection counters unambiguous. Clinical judgement (is this BP high?) belongs to alert rules, not here.
/// </remarks>
public sealed class ReadingValidator
{
    /// <summary>A validator with default options.</summary>
    public static ReadingValidator Default { get; } = new(new ValidationOptions());

    private readonly ValidationOptions _options;

    /// <summary>Creates a validator.</summary>
    public ReadingValidator(ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Validates <paramref name="reading"/> as seen at <paramref name="now"/>.</summary>
    public ValidationResult Validate(Reading reading, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reading);

        if (string.IsNullOrWhiteSpace(reading.DeviceId))
        {
            return ValidationResult.Reject(RejectReason.MissingDevice, $"Reading of {reading.Kind} has no device id.");
        }
        if (!Enum.IsDefined(reading.Source))
        {
            return ValidationResult.Reject(RejectReason.UnknownSource, $"Source {(int)reading.Source} is not a known reading source.");
        }
        if (!ReadingKinds.TryGet(reading.Kind, out var info))
        {
            return ValidationResult.Reject(RejectReason.UnknownKind, $"Unknown reading kind '{reading.Kind}'.");
        }
        if (!string.Equals(reading.Unit, info.Unit, StringComparison.Ordinal))
        {
            return ValidationResult.Reject(RejectReason.WrongUnit, $"{info.Kind} must be in {info.Unit}, not '{reading.Unit}'.");
        }
        if (!double.IsFinite(reading.Value))
        {
            return ValidationResult.Reject(RejectReason.NonFiniteValue, $"{info.Kind} value is {Format(reading.Value)}.");
        }
        if (!info.IsPlausible(reading.Value))
        {
            return OutOfRange(info, reading.Value);
        }

        var waveform = ValidateWaveform(reading, info);
        if (!waveform.IsValid)
        {
            return waveform;
        }

        if (reading.DeviceRecordNumber is < 0)
        {
            return ValidationResult.Reject(
                RejectReason.InvalidRecordNumber, $"Device record number {reading.DeviceRecordNumber} is negative.");
        }

        var tolerance = _options.FutureTolerance;
        if (reading.MeasuredAt is { } measured && measured - reading.ReceivedAt > tolerance)
        {
            return ValidationResult.Reject(
                RejectReason.MeasuredInFuture,
                $"Measured at {measured:O}, {Minutes(measured - reading.ReceivedAt)} min after it was received ({reading.ReceivedAt:O}); tolerance {Minutes(tolerance)} min.");
        }
        if (reading.ReceivedAt - now > tolerance)
        {
            return ValidationResult.Reject(
                RejectReason.ReceivedInFuture,
                $"Received at {reading.ReceivedAt:O}, {Minutes(reading.ReceivedAt - now)} min after now ({now:O}); tolerance {Minutes(tolerance)} min.");
        }
        return ValidationResult.Valid;
    }

    private static ValidationResult ValidateWaveform(Reading reading, KindInfo info)
    {
        var waveform = reading.Waveform;
        if (!info.IsWaveform)
        {
            return waveform is null
                ? ValidationResult.Valid
                : ValidationResult.Reject(RejectReason.UnexpectedWaveform, $"{info.Kind} is not a waveform kind but carries samples.");
        }
        if (waveform is null)
        {
            return ValidationResult.Reject(RejectReason.MissingWaveform, $"{info.Kind} reading carries no samples.");
        }
        if (!double.IsFinite(waveform.SampleRateHz) || waveform.SampleRateHz <= 0)
        {
            return ValidationResult.Reject(RejectReason.InvalidWaveform, $"{info.Kind} sample rate {Format(waveform.SampleRateHz)} Hz is not positive.");
        }
        if (!double.IsFinite(waveform.Resolution) || waveform.Resolution <= 0)
        {
            return ValidationResult.Reject(RejectReason.InvalidWaveform, $"{info.Kind} resolution {Format(waveform.Resolution)} is not positive.");
        }
        if (waveform.Samples.IsEmpty)
        {
            return ValidationResult.Reject(RejectReason.InvalidWaveform, $"{info.Kind} waveform has no samples.");
        }
        if (ReadingKinds.LeadOf(info.Kind) != waveform.Lead)
        {
            return ValidationResult.Reject(RejectReason.InvalidWaveform, $"{info.Kind} carries samples of lead '{waveform.Lead}'.");
        }
        var samples = waveform.Samples.Span;
        for (var i = 0; i < samples.Length; i++)
        {
            var value = samples[i] * waveform.Resolution;
            if (!info.IsPlausible(value))
            {
                return OutOfRange(info, value, $" (sample {i})");
            }
        }
        return ValidationResult.Valid;
    }

    private static ValidationResult OutOfRange(KindInfo info, double value, string where = "") =>
        ValidationResult.Reject(
            RejectReason.OutOfPhysiologicalRange,
            $"{info.Kind} {Format(value)} {info.Unit}{where} is outside the plausible range {Format(info.PlausibleMin)}..{Format(info.PlausibleMax)}.");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);
}
