namespace TelemetryGateway.Core;

/// <summary>Machine-readable reason a reading was rejected. Values are stable: they label metrics
/// (<c>readings_rejected_total{reason=…}</c>) and are sent on the wire.</summary>
public enum RejectReason
{
    /// <summary>Not rejected.</summary>
    None = 0,
    /// <summary>The kind is not in the vocabulary (<see cref="ReadingKinds"/>).</summary>
    UnknownKind = 1,
    /// <summary>No device id: the reading cannot be deduplicated or traced to a device.</summary>
    MissingDevice = 2,
    /// <summary>The source is not a defined <see cref="ReadingSource"/> (e.g. left at 0).</summary>
    UnknownSource = 3,
    /// <summary>The value is NaN or infinite.</summary>
    NonFiniteValue = 4,
    /// <summary>The unit is not the kind's canonical unit (the decoder forgot to convert).</summary>
    WrongUnit = 5,
    /// <summary>The value (or a waveform sample) is outside the kind's plausible range.</summary>
    OutOfPhysiologicalRange = 6,
    /// <summary>MeasuredAt is later than ReceivedAt by more than the tolerance: the device clock is wrong.</summary>
    MeasuredInFuture = 7,
    /// <summary>ReceivedAt is later than the validating clock by more than the tolerance: the gateway clock is wrong.</summary>
    ReceivedInFuture = 8,
    /// <summary>A waveform kind without a <see cref="Waveform"/>.</summary>
    MissingWaveform = 9,
    /// <summary>A <see cref="Waveform"/> on a scalar kind.</summary>
    UnexpectedWaveform = 10,
    /// <summary>The waveform has no samples, a non-positive sample rate or resolution, or a lead that does not match the kind.</summary>
    InvalidWaveform = 11,
    /// <summary>The device record number is negative.</summary>
    InvalidRecordNumber = 12,
}
