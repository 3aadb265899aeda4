using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>One OBX as read, before mapping: what a field engineer needs to see why it mapped as it did.</summary>
/// <param name="Location">"OBX[3]".</param>
/// <param name="SubId">OBX-4, the IEEE 11073 containment path in IHE PCD-01 (MDS.VMD.channel.metric).</param>
/// <param name="Code">OBX-3.1 identifier.</param>
/// <param name="Text">OBX-3.2 text.</param>
/// <param name="CodingSystem">OBX-3.3.</param>
/// <param name="ValueType">OBX-2.</param>
/// <param name="Value">OBX-5 (raw, repetitions and components as sent).</param>
/// <param name="Unit">OBX-6.1 identifier.</param>
/// <param name="Range">OBX-7 parsed, when it has a form we read.</param>
/// <param name="Flags">OBX-8 codes of Table 0078 as flags.</param>
/// <param name="OtherFlags">OBX-8 codes outside Table 0078's abnormal flags (e.g. IHE "QUES", "EARLY").</param>
/// <param name="Status">OBX-11 result status.</param>
/// <param name="Time">OBX-14, or inherited from the containing OBX or OBR-7.</param>
public sealed record Hl7Observation(
    string Location, string SubId, string Code, string Text, string CodingSystem, string ValueType, string Value,
    string Unit, ReferenceRange? Range, ReadingFlags Flags, IReadOnlyList<string> OtherFlags, string Status, DateTimeOffset? Time);

/// <summary>An ORU^R01 decoded: the readings and unmapped rows, the patient and device it names, and every OBX as read.</summary>
public sealed record OruR01Result(MonitorPayload Payload, string? PatientId, string DeviceId, IReadOnlyList<Hl7Observation> Observations);
