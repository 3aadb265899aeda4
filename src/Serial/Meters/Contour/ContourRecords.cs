using System.Globalization;
using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm.Records;

namespace TelemetryGateway.Serial.Meters.Contour;

/// <summary>
/// The Bayer/Ascensia Contour family's use of E1394 records (see README.md in this folder): the header names
/// the meter, each result record carries one glucose value.
/// </summary>
public static class ContourRecords
{
    /// <summary>Reads the meter's identity from its header record.</summary>
    /// <exception cref="DeviceFormatException">No serial number or model, or a malformed clock.</exception>
    public static MeterIdentity ParseHeader(AstmRecord header)
    {
        ArgumentNullException.ThrowIfNull(header);
        // E1394 §7.1.5 sender name or id; Bayer: product code ^ versions (repeated) ^ serial number ^ SKU.
        var sender = header.ComponentRepeats(5);
        var model = sender[0][0];
        var serial = sender.Count > 2 ? sender[2][0] : "";
        if (model.Length == 0 || serial.Length == 0)
        {
            throw new DeviceFormatException("astm", header.Where(5), "sender field has no model^versions^serial number");
        }

        var versions = sender.Count > 1 ? string.Join('/', sender[1]) : "";
        int? stored = int.TryParse(header.Field(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var clock = ParseTime(header.Field(14), header, 14);
        return new MeterIdentity(model, serial, versions, stored, clock);
    }

    /// <summary>Reads a result record; null when it is not a glucose result (a meter may send other tests).</summary>
    /// <exception cref="DeviceFormatException">A missing or malformed sequence number, value, unit or time.</exception>
    public static ContourResult? ParseResult(AstmRecord result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // E1394 §10.1.3 universal test id: Bayer sends "^^^Glucose" (the fourth component, the local code).
        var test = result.Component(3, 4);
        if (!test.Equals("Glucose", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // §10.1.2 sequence number.
        if (!long.TryParse(result.Field(2), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new DeviceFormatException("astm", result.Where(2), $"sequence number '{result.Field(2)}' is not a whole number ≥ 1");
        }

        // §10.1.4 measurement value, §10.1.5 units (Bayer: unit ^ reference method).
        var text = result.Field(4);
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new DeviceFormatException("astm", result.Where(4), $"value '{text}' is not a number");
        }

        var unit = result.Component(5, 1);
        if (unit.Length == 0)
        {
            throw new DeviceFormatException("astm", result.Where(5), "no unit");
        }

        var (meal, flags) = Interpret(result.Field(7));
        // Bayer puts the time of the test in field 9 (§10.1.9 is "result status" in the standard); other
        // senders use §10.1.13 "date/time test completed".
        var timeField = result.Field(9).Length > 0 ? 9 : 13;
        var measured = ParseTime(result.Field(timeField), result, timeField);
        var withSeconds = result.Field(timeField).Length == 14;
        return new ContourResult(number, value, unit, result.Component(5, 2), result.Field(7), meal, flags, measured)
        {
            StoredWithSeconds = withSeconds,
            Identity = ContourRecordIdentity.Of(ContourRecordIdentity.Key(measured, withSeconds), 1),
        };
    }

    /// <summary>Bayer markers in field 7, separated by '/': C control solution, &gt; above and &lt; below the
    /// meter's range, B before meal, A after meal, F fasting. Others (M0, T1, X …) are kept as sent.</summary>
    public static (MealMarker Meal, ReadingFlags Flags) Interpret(string markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var meal = MealMarker.None;
        var flags = ReadingFlags.None;
        foreach (var marker in markers.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (marker)
            {
                case "C":
                    flags |= ReadingFlags.ControlSolution;
                    break;
                case ">":
                    flags |= ReadingFlags.ResultAboveDeviceRange;
                    break;
                case "<":
                    flags |= ReadingFlags.ResultBelowDeviceRange;
                    break;
                case "B":
                    meal = MealMarker.BeforeMeal;
                    break;
                case "A":
                    meal = MealMarker.AfterMeal;
                    break;
                case "F":
                    meal = MealMarker.Fasting;
                    break;
            }
        }

        return (meal, flags);
    }

    /// <summary>YYYYMMDDhhmm or YYYYMMDDhhmmss (E1394 §6 date and time format); empty → null.</summary>
    /// <exception cref="DeviceFormatException">Any other shape, or an impossible date.</exception>
    public static DateTime? ParseTime(string text, AstmRecord record, int field)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return null;
        }

        var format = text.Length switch
        {
            12 => "yyyyMMddHHmm",
            14 => "yyyyMMddHHmmss",
            _ => null,
        };
        if (format is null || !DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new DeviceFormatException("astm", record?.Where(field) ?? $"field {field}", $"date/time '{text}' is not YYYYMMDDhhmm[ss]");
        }

        return time;
    }
}
