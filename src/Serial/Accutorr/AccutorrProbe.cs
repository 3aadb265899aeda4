using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Accutorr;

/// <summary>
/// `tg decode accutorr &lt;file|-&gt;`: a capture of what the monitor sent (banner, prompts, P and L lines) in,
/// readings out. Each new NIBP result (<see cref="AccutorrResults.Next"/>) is dated <c>receivedAt</c> to
/// the minute less its elapsed minutes and numbered by that date (yyyyMMddHHmm and an ordinal); L lines and prompts are passed over.
/// </summary>
public static class AccutorrProbe
{
    /// <summary>Device id of decoded readings: the interface reports none.</summary>
    public const string ProbeDevice = "decode";

    /// <exception cref="DeviceFormatException">A malformed line (names the field), or no P line with a result.</exception>
    public static IReadOnlyList<Reading> Decode(ReadOnlySpan<byte> input, DateTimeOffset receivedAt)
    {
        var readings = new List<Reading>();
        AccutorrResult? last = null;
        var patientLines = 0;
        var rest = input;
        while (true)
        {
            AccutorrMessage? message;
            if (!AccutorrReader.TryRead(ref rest, out message))
            {
                // A capture may stop without the last CR LF: read what is left as a line.
                if (rest.IsEmpty)
                {
                    break;
                }

                message = AccutorrReader.ParseLine(rest);
                rest = [];
            }

            if (message is AccutorrPatientData data)
            {
                patientLines++;
                if (AccutorrResults.Next(data, last, receivedAt) is { } result)
                {
                    readings.AddRange(AccutorrReadings.ToReadings(result.ToPatientData(), ProbeDevice, result.Number, result.MeasuredAt, receivedAt));
                    last = result;
                }
            }
        }

        return patientLines > 0
            ? readings
            : throw new DeviceFormatException("accutorr", "input", "no P (patient data) line");
    }
}
