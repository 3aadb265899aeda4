using System.Globalization;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Codes;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>
/// Decodes ORU^R01 observation reports as patient monitors and device gateways send them (HL7 v2.6 chapter 7
/// §7.4 OBR/OBX; IHE PCD Technical Framework Vol. 2, transaction PCD-01 "Communicate PCD Data").
/// </summary>
/// <remarks>
/// Each numeric OBX (OBX-2 = NM) with a code we map becomes one reading; everything else is returned as an
/// <see cref="UnmappedObservation"/> with its reason so that the caller counts it. The observation time is
/// OBX-14, else the time of the nearest containing OBX by OBX-4 sub-id (PCD-01 lets metrics inherit it from
/// their channel), else OBR-7. A DTM without a zone offset is read as UTC and flagged
/// <see cref="ReadingFlags.DeviceClockUncorrected"/>.
/// </remarks>
public static partial class OruR01Decoder
{
    /// <summary>Decodes a parsed message.</summary>
    /// <param name="deviceId">The device identity to use (e.g. from the MQTT topic); null derives it from OBX-18 or MSH-3.</param>
    /// <exception cref="DeviceFormatException">Malformed (names segment and field).</exception>
    public static OruR01Result Decode(Hl7Message message, string? deviceId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var msh = message.Header;
        if (msh.Component(9, 1) != "ORU" || msh.Component(9, 2) != "R01")
        {
            throw new DeviceFormatException("hl7", "MSH-9", $"message type '{msh.Text(9)}' is not ORU^R01");
        }
        if (!msh.Component(12, 1).StartsWith("2.", StringComparison.Ordinal))
        {
            throw new DeviceFormatException("hl7", "MSH-12", $"version '{msh.Text(12)}' is not HL7 v2.x");
        }
        var patient = message.Segments.FirstOrDefault(s => s.Id == "PID")?.Component(3, 1);
        var device = deviceId ?? DeviceOf(message);
        var observations = new List<Hl7Observation>();
        var state = new DecodeState(device, string.IsNullOrWhiteSpace(patient) ? null : patient.Trim(), receivedAt);
        Hl7Segment? obr = null;
        DateTimeOffset? obrTime = null;
        bool obrOffset = true;
        var groupTimes = new Dictionary<string, (DateTimeOffset Time, bool HadOffset)>(StringComparer.Ordinal);
        foreach (var segment in message.Segments)
        {
            if (segment.Id == "OBR")
            {
                obr = segment;
                groupTimes.Clear();
                (obrTime, obrOffset) = OptionalTime(segment, 7);
            }
            else if (segment.Id == "OBX")
            {
                if (obr is null)
                {
                    throw new DeviceFormatException("hl7", segment.Name, "OBX before any OBR (ORU^R01 groups observations under an OBR)");
                }
                var observation = Read(segment, groupTimes, obrTime, obrOffset, out var hadOffset);
                observations.Add(observation);
                Map(segment, observation, hadOffset, state);
            }
        }
        var payload = new MonitorPayload { Readings = state.Readings, Unmapped = state.Unmapped };
        return new OruR01Result(payload, state.Patient, device, observations);
    }

    private static Hl7Observation Read(
        Hl7Segment obx, Dictionary<string, (DateTimeOffset, bool)> groupTimes, DateTimeOffset? obrTime, bool obrOffset, out bool hadOffset)
    {
        var valueType = obx.Component(2, 1).Trim();
        var value = obx.Raw(5);
        if (valueType.Length == 0 && value.Length > 0)
        {
            throw new DeviceFormatException("hl7", $"{obx.Name}-2", "value type missing while OBX-5 holds a value");
        }
        var subId = obx.Text(4).Trim();
        var (own, ownOffset) = OptionalTime(obx, 14);
        DateTimeOffset? time = own;
        hadOffset = ownOffset;
        if (own is { } t)
        {
            if (subId.Length > 0)
            {
                groupTimes[subId] = (t, ownOffset);
            }
        }
        else
        {
            (time, hadOffset) = Inherited(subId, groupTimes) ?? (obrTime, obrOffset);
        }
        var flags = ReadingFlags.None;
        var other = new List<string>();
        foreach (var code in obx.Repetitions(8))
        {
            var text = obx.ComponentOf(code, 1);
            if (AbnormalFlags.TryMap(text, out var flag))
            {
                flags |= flag;
            }
            else
            {
                other.Add(text);
            }
        }
        ReferenceRange? range = ReferenceRange.TryParse(obx.Text(7), out var r) ? r : null;
        return new Hl7Observation(
            obx.Name, subId, obx.Component(3, 1).Trim(), obx.Component(3, 2), obx.Component(3, 3), valueType, value,
            obx.Component(6, 1).Trim(), range, flags, other, obx.Component(11, 1).Trim(), time);
    }

    private static (DateTimeOffset, bool)? Inherited(string subId, Dictionary<string, (DateTimeOffset, bool)> groupTimes)
    {
        var path = subId;
        for (var dot = path.LastIndexOf('.'); dot > 0; dot = path.LastIndexOf('.'))
        {
            path = path[..dot];
            if (groupTimes.TryGetValue(path, out var found))
            {
                return found;
            }
        }
        return null;
    }

    private static (DateTimeOffset? Time, bool HadOffset) OptionalTime(Hl7Segment segment, int field)
    {
        var text = segment.Component(field, 1);
        if (text.Trim().Length == 0)
        {
            return (null, true);
        }
        if (!Hl7Time.TryParse(text, out var time, out var hadOffset))
        {
            throw new DeviceFormatException("hl7", $"{segment.Name}-{field}", $"'{text}' is not an HL7 date/time (YYYYMMDDHHMMSS[.SSSS][+/-ZZZZ])");
        }
        return (time, hadOffset);
    }

    private static string DeviceOf(Hl7Message message)
    {
        // OBX-18 equipment instance identifier (PCD-01: EUI-64 of the device), else MSH-3 sending application.
        foreach (var segment in message.Segments)
        {
            if (segment.Id == "OBX" && segment.Component(18, 1).Trim() is { Length: > 0 } equipment)
            {
                return equipment;
            }
        }
        var msh = message.Header;
        var universal = msh.Component(3, 2).Trim();
        return universal.Length > 0 ? universal : msh.Component(3, 1).Trim() is { Length: > 0 } app ? app : "hl7";
    }

    internal static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
