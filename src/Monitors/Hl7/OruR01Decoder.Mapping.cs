using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Codes;

namespace TelemetryGateway.Monitors.Hl7;

public static partial class OruR01Decoder
{
    private sealed class DecodeState(string device, string? patient, DateTimeOffset receivedAt)
    {
        public string Device { get; } = device;
        public string? Patient { get; } = patient;
        public DateTimeOffset ReceivedAt { get; } = receivedAt;
        public List<Reading> Readings { get; } = [];
        public List<UnmappedObservation> Unmapped { get; } = [];
        public HashSet<(string Kind, long Ticks)> Seen { get; } = [];
    }

    // OBX-11 values whose result must not be used (HL7 Table 0085): X cannot be obtained, D delete,
    // W wrong (replace), N not asked.
    private static readonly HashSet<string> Unusable = new(StringComparer.Ordinal) { "X", "D", "W", "N" };

    private static void Map(Hl7Segment obx, Hl7Observation o, bool hadOffset, DecodeState state)
    {
        void Keep(UnmappedReason reason) => state.Unmapped.Add(
            new UnmappedObservation(o.Location, o.Code, o.Text, o.CodingSystem, o.Value, o.Unit, reason));

        var meaning = ObservationCodes.Resolve(o.Code, o.Text, o.CodingSystem);
        if (o.Value.Length == 0)
        {
            Keep(UnmappedReason.NoValue);
            return;
        }
        if (Unusable.Contains(o.Status))
        {
            Keep(UnmappedReason.ResultStatus);
            return;
        }
        if (!meaning.Known)
        {
            Keep(UnmappedReason.UnknownCode);
            return;
        }
        if (meaning.Lead is not null)
        {
            // NA waveform rows carry no sample rate of their own; waveforms come as chunks (Waveforms/).
            Keep(UnmappedReason.IncompleteWaveform);
            return;
        }
        if (meaning.Kind is null)
        {
            Keep(UnmappedReason.NoKind);
            return;
        }
        if (o.ValueType != "NM")
        {
            Keep(UnmappedReason.NotNumeric);
            return;
        }
        if (!TryParseNumber(obx.Component(5, 1), out var value))
        {
            throw new DeviceFormatException("hl7", $"{o.Location}-5", $"'{obx.Component(5, 1)}' is not a number (value type NM)");
        }
        var unit = UnitOf(obx);
        if (unit is null)
        {
            Keep(UnmappedReason.UnknownUnit);
            return;
        }
        var converted = UnitConversion.ToCanonical(meaning.Kind, value, unit);
        if (!converted.Success)
        {
            Keep(converted.Error == ConversionError.UnknownUnit ? UnmappedReason.UnknownUnit : UnmappedReason.IncompatibleUnit);
            return;
        }
        if (!state.Seen.Add((meaning.Kind, o.Time?.UtcTicks ?? long.MinValue)))
        {
            Keep(UnmappedReason.Duplicate);
            return;
        }
        state.Readings.Add(new Reading
        {
            Kind = meaning.Kind,
            Value = converted.Value.Value,
            Unit = converted.Value.Unit,
            PatientId = state.Patient,
            DeviceId = state.Device,
            Source = ReadingSource.Mqtt,
            MeasuredAt = o.Time,
            ReceivedAt = state.ReceivedAt,
            Flags = o.Flags | (o.Time is not null && !hadOffset ? ReadingFlags.DeviceClockUncorrected : ReadingFlags.None),
            Reported = new Quantity(value, unit),
        });
    }

    /// <summary>OBX-6 as UCUM: MDC dimensions by number or Reference ID, else the identifier or text as a UCUM
    /// or device spelling; null when none is recognised.</summary>
    private static string? UnitOf(Hl7Segment obx)
    {
        var identifier = obx.Component(6, 1).Trim();
        var text = obx.Component(6, 2).Trim();
        if (MdcUnits.TryToUcum(identifier, out var ucum) || MdcUnits.TryToUcum(text, out ucum))
        {
            return ucum;
        }
        if (Ucum.TryNormalize(identifier, out var code) || Ucum.TryNormalize(text, out code))
        {
            return code;
        }
        return null;
    }
}
