using System.Globalization;
using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Codes;
using TelemetryGateway.Monitors.Json;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>Writes an IHE PCD-01 style ORU^R01 for a set of vitals (the simulator's HL7 form): MSH, PID,
/// OBR, one OBX per vital with its MDC code, MDC unit, abnormal flags and OBX-14; segments end with CR.</summary>
public static class OruR01Writer
{
    public static string Write(string sendingDevice, string messageId, string? patientId, DateTimeOffset time, IEnumerable<VitalSign> vitals)
    {
        var d = Hl7Delimiters.Default;
        string E(string s) => Hl7Escaping.Escape(s, d);
        var dtm = Hl7Time.Format(time);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"MSH|^~\\&|{E(sendingDevice)}^{E(sendingDevice)}^EUI-64||||{dtm}||ORU^R01^ORU_R01|{E(messageId)}|P|2.6|||NE|AL|||||IHE PCD ORU-R01 2006^HL7^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r");
        text.Append(CultureInfo.InvariantCulture, $"PID|||{E(patientId ?? "")}^^^Ambulance^PI\r");
        text.Append(CultureInfo.InvariantCulture, $"OBR|1|{E(messageId)}^{E(sendingDevice)}|{E(messageId)}^{E(sendingDevice)}|182777000^monitoring of patient^SNOMED-CT|||{dtm}\r");
        var set = 0;
        foreach (var vital in vitals)
        {
            var term = MdcNomenclature.All.First(t => t.Kind == vital.Kind);
            if (!Ucum.TryNormalize(vital.Unit, out var ucum))
            {
                throw new ArgumentException($"Unknown unit '{vital.Unit}'.", nameof(vitals));
            }
            var unit = MdcUnits.TryFromUcum(ucum, out var unitCode, out var unitId)
                ? string.Create(CultureInfo.InvariantCulture, $"{unitCode}^{unitId}^MDC")
                : $"{E(ucum)}^{E(ucum)}^UCUM";
            var flags = string.Join('~', Enum.GetValues<ReadingFlags>().Where(f => f != 0 && vital.Flags.HasFlag(f))
                .Select(AbnormalFlags.CodeOf).OfType<string>());
            set++;
            text.Append(CultureInfo.InvariantCulture,
                $"OBX|{set}|NM|{term.Code}^{term.ReferenceId}^MDC|1.1.1.{set}|{vital.Value.ToString("R", CultureInfo.InvariantCulture)}|{unit}||{flags}|||R|||{dtm}\r");
        }
        return text.ToString();
    }
}
