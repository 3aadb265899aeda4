namespace TelemetryGateway.Core;

/// <summary>One measured value, the model used end to end (design.md "Reading vocabulary").</summary>
/// <remarks>
/// Device adapters build it, rules judge it, storage stores it, transports move it; nobody mutates it
/// (use <c>with</c> to derive, e.g. to attach a patient). <see cref="Value"/> is always in the kind's
/// canonical UCUM unit (see <see cref="ReadingKinds"/>, <see cref="UnitConversion"/>); what the device
/// actually sent is kept in <see cref="Reported"/> so that a conversion can always be audited.
/// </remarks>
public sealed record Reading
{
    /// <summary>Kind from the vocabulary, e.g. "bp.systolic", "ecg.II".</summary>
    public required string Kind { get; init; }

    /// <summary>Value in <see cref="Unit"/>. For a waveform reading: the first sample in canonical units.</summary>
    public required double Value { get; init; }

    /// <summary>Canonical UCUM unit of the kind, e.g. "mm[Hg]".</summary>
    public required string Unit { get; init; }

    /// <summary>Patient, when known (from the device's user id or a <see cref="DeviceBinding"/>).</summary>
    public string? PatientId { get; init; }

    /// <summary>Stable device identity: BLE address, serial number, monitor id.</summary>
    public required string DeviceId { get; init; }

    /// <summary>How the reading entered the system.</summary>
    public required ReadingSource Source { get; init; }

    /// <summary>When the device measured it: device clock, corrected for known skew. Null when the device
    /// sent no time (then <see cref="ReceivedAt"/> is the best estimate).</summary>
    public DateTimeOffset? MeasuredAt { get; init; }

    /// <summary>The time as the device itself reported it (its own clock, with the offset it gave or none), kept
    /// beside <see cref="MeasuredAt"/> whenever a skew correction moved it, so that what the device said stays
    /// auditable. Null when no correction was applied or the device sent no time. Not part of <see cref="Key"/>:
    /// the key stays on the corrected time or the record number, so adding it changes no stored key.</summary>
    public DateTimeOffset? DeviceTime { get; init; }

    /// <summary>When the gateway received it (gateway clock).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The device's own record/sequence number (BLE GLS sequence number, meter memory slot), when it has one.</summary>
    public long? DeviceRecordNumber { get; init; }

    /// <summary>Status flags from the device and HL7 abnormal flags.</summary>
    public ReadingFlags Flags { get; init; }

    /// <summary>Value and unit exactly as the device sent them (e.g. 16.0 kPa), when they differ or are worth keeping.</summary>
    public Quantity? Reported { get; init; }

    /// <summary>Latency class. Live unless the adapter knows it is back-fill (Bulk) or an alert raised it.</summary>
    public ReadingPriority Priority { get; init; } = ReadingPriority.Live;

    /// <summary>Samples for waveform kinds (<c>ecg.&lt;lead&gt;</c>); null for every other kind.</summary>
    public Waveform? Waveform { get; init; }

    /// <summary>MeasuredAt when known, else ReceivedAt: the time to plot and judge the reading at.</summary>
    public DateTimeOffset EffectiveTime => MeasuredAt ?? ReceivedAt;

    /// <summary>The deduplication key of this reading; see <see cref="IdempotencyKey"/>.</summary>
    public IdempotencyKey Key => IdempotencyKey.For(this);
}
