namespace TelemetryGateway.Core;

/// <summary>Which device-side fact makes an <see cref="IdempotencyKey"/> unique.</summary>
public enum KeyBasis
{
    /// <summary>The device's record/sequence number: the strongest, identical whoever pulls the record.</summary>
    RecordNumber = 0,
    /// <summary>The measured time (UTC ticks), for devices without record numbers.</summary>
    MeasuredTime = 1,
    /// <summary>The gateway's receive time (UTC ticks): only protects against replays of the same
    /// buffered reading, since another gateway would receive the same measurement at another time.</summary>
    ReceivedTime = 2,
}
