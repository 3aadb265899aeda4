using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.SeriesStore.Internal;

/// <summary>Checks a batch before it is queued, so that a batch the writer would reject never reaches it.</summary>
internal static class BatchCheck
{
    /// <summary>The idempotency key of each reading, after checking that each can be stored faithfully.</summary>
    /// <exception cref="ArgumentException">The first reading that cannot; nothing is written.</exception>
    public static IdempotencyKey[] KeysOf(IReadOnlyList<Reading> readings) => KeysOf(readings, CannotStore);

    /// <summary>The same with a store's own <paramref name="cannotStore"/> check (why a reading cannot be stored, or null).</summary>
    public static IdempotencyKey[] KeysOf(IReadOnlyList<Reading> readings, Func<Reading, string?> cannotStore)
    {
        var keys = new IdempotencyKey[readings.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var reading = readings[i] ?? throw new ArgumentException($"Reading {i} of the batch is null.", nameof(readings));
            if (cannotStore(reading) is { } problem)
            {
                throw new ArgumentException($"Reading {i} of the batch ({reading.Kind} of device {reading.DeviceId}) cannot be stored: {problem}.", nameof(readings));
            }
            keys[i] = reading.Key;
        }
        return keys;
    }

    /// <summary>What would not survive a round trip: SQLite stores a NaN REAL as NULL, and a missing
    /// identity would make a key that cannot deduplicate. Clinical validity is the validator's business.</summary>
    public static string? CannotStore(Reading reading)
    {
        if (string.IsNullOrEmpty(reading.DeviceId))
        {
            return "no device id";
        }
        if (string.IsNullOrEmpty(reading.Kind))
        {
            return "no kind";
        }
        if (reading.Unit is null)
        {
            return "no unit";
        }
        if (double.IsNaN(reading.Value))
        {
            return "value is NaN";
        }
        if (reading.Reported is { } reported && (double.IsNaN(reported.Value) || reported.Unit is null))
        {
            return "reported value is NaN or has no unit";
        }
        if (reading.Waveform is { } wave
            && (wave.Lead is null || double.IsNaN(wave.SampleRateHz) || double.IsNaN(wave.Resolution)))
        {
            return "waveform has no lead, or a NaN sample rate or resolution";
        }
        return null;
    }
}
