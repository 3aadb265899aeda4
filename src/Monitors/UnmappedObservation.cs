namespace TelemetryGateway.Monitors;

/// <summary>Why an observation did not become a reading.</summary>
/// <remarks>Stable names: they are metric labels (gateway_monitor_unmapped_total{reason=…}).</remarks>
public enum UnmappedReason
{
    /// <summary>The code is not one we know.</summary>
    UnknownCode,
    /// <summary>A known code with no kind in the vocabulary (invasive pressure, pleth, PVC count …).</summary>
    NoKind,
    /// <summary>No value: an MDS/VMD/channel row of the IEEE 11073 containment tree, or an empty OBX-5.</summary>
    NoValue,
    /// <summary>The value type is not numeric (CWE, ST, DTM …).</summary>
    NotNumeric,
    /// <summary>OBX-11 says the result is not usable (X cannot be obtained, D deleted, W wrong, N not asked).</summary>
    ResultStatus,
    /// <summary>The unit is missing or not one we know.</summary>
    UnknownUnit,
    /// <summary>The unit cannot be converted to the kind's canonical unit.</summary>
    IncompatibleUnit,
    /// <summary>The same kind for the same device and time already came earlier in the message.</summary>
    Duplicate,
    /// <summary>Waveform samples without what is needed to use them (sample rate, time).</summary>
    IncompleteWaveform,
}

/// <summary>An observation kept raw because it did not become a reading; the caller counts it.</summary>
/// <param name="Location">Where: "OBX[4]", "$.vitals[2]", "waveform pleth".</param>
/// <param name="Code">The code as sent (OBX-3 identifier, JSON kind, waveform signal).</param>
/// <param name="Text">OBX-3 text or empty.</param>
/// <param name="CodingSystem">OBX-3 coding system or empty.</param>
/// <param name="Value">The value as sent (OBX-5 raw, or a summary for waveforms).</param>
/// <param name="Unit">The unit as sent.</param>
/// <param name="Reason">Why it is not a reading.</param>
public sealed record UnmappedObservation(
    string Location, string Code, string Text, string CodingSystem, string Value, string Unit, UnmappedReason Reason);
