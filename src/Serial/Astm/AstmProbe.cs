using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Meters.Contour;

namespace TelemetryGateway.Serial.Astm;

/// <summary>`tg decode astm &lt;file|-&gt;`: a raw capture (E1381 framing) or bare E1394 records in, readings out.</summary>
/// <remarks>
/// A capture holds whatever crossed the line: ENQ, EOT, ACK and NAK are passed over; a defective frame (checksum,
/// CR LF …) is accepted only when its retransmission follows, as the receiver's NAK asked, and a frame repeated is
/// taken once. Input without STX is read as bare records,
/// one per line. Meter times carry no offset: they are read in the offset of <c>receivedAt</c> (UTC for
/// <c>tg decode</c>). Control-solution results are included, flagged "control-solution".
/// </remarks>
public static class AstmProbe
{
    /// <summary>Device id of readings from input without a header record.</summary>
    public const string UnknownDevice = "decode";

    /// <exception cref="DeviceFormatException">Malformed framing or records (names the frame or field).</exception>
    public static IReadOnlyList<Reading> Decode(ReadOnlySpan<byte> input, DateTimeOffset receivedAt)
    {
        var records = input.Contains(AstmControl.Stx) ? RecordsFromFrames(input) : RecordsFromLines(input);
        if (records.Count == 0)
        {
            throw new DeviceFormatException("astm", "input", "no frames and no records");
        }

        var zone = TimeZoneInfo.CreateCustomTimeZone("meter", receivedAt.Offset, "meter", "meter");
        var decoder = new ContourMessageDecoder();
        var readings = new List<Reading>();
        foreach (var text in records)
        {
            Add(decoder.Accept(text, requireHeader: false));
        }

        // A dump without its terminator: show what it holds.
        Add(decoder.Release());
        return readings;

        void Add(IReadOnlyList<ContourResult> results)
        {
            foreach (var result in results)
            {
                var meter = decoder.Meter ?? new MeterIdentity("", UnknownDevice, "", null, null);
                readings.Add(ContourReadings.ToReading(result, meter, zone, receivedAt));
            }
        }
    }

    private static List<string> RecordsFromFrames(ReadOnlySpan<byte> input)
    {
        var records = new List<string>();
        var record = new List<byte>();
        int? expected = null;
        var frameIndex = 0;
        var position = 0;
        // A defective frame is what the receiver NAKed: forgiven when its retransmission comes next (E1381 §6.5.1).
        DeviceFormatException? defective = null;
        while (position < input.Length)
        {
            var b = input[position];
            if (b is AstmControl.Eot or AstmControl.Enq)
            {
                ThrowIf(defective);
                expected = null;
                record.Clear();
                position++;
                continue;
            }

            if (b != AstmControl.Stx)
            {
                position++;
                continue;
            }

            frameIndex++;
            var status = AstmFrameReader.TryRead(input[position..], out var frame, out var consumed, out var problem);
            if (status == FrameReadStatus.NeedMore)
            {
                throw new DeviceFormatException("astm", $"frame {frameIndex} (byte {position})", "the capture ends inside the frame");
            }

            if (status == FrameReadStatus.Defective)
            {
                defective ??= new DeviceFormatException("astm", $"frame {frameIndex} (byte {position})", problem!);
                position += consumed;
                continue;
            }

            position += consumed;
            if (defective is not null)
            {
                // Only the same frame sent again (or a repeat of the last good one) makes up for a defective one.
                ThrowIf(expected is { } next && frame!.Number != next && frame.Number != (next + 7) % 8 ? defective : null);
                defective = null;
            }
            if (expected is { } e && frame!.Number != e)
            {
                if (frame.Number == (e + 7) % 8)
                {
                    continue; // the sender repeated the frame (our ACK was lost, or it was NAKed): take it once
                }

                throw new DeviceFormatException("astm", $"frame {frameIndex} (byte {position - consumed})", $"frame number {frame.Number}, expected {e}");
            }

            expected = (frame!.Number + 1) % 8;
            foreach (var c in frame.Text)
            {
                if (c == AstmControl.Cr)
                {
                    AddRecord(records, record);
                }
                else
                {
                    record.Add(c);
                }
            }

            if (frame.IsEnd)
            {
                AddRecord(records, record);
            }
        }

        ThrowIf(defective);
        return records;
    }

    private static void ThrowIf(DeviceFormatException? error)
    {
        if (error is not null)
        {
            throw error;
        }
    }

    private static void AddRecord(List<string> records, List<byte> record)
    {
        if (record.Count > 0)
        {
            records.Add(Encoding.Latin1.GetString([.. record]));
        }

        record.Clear();
    }

    private static List<string> RecordsFromLines(ReadOnlySpan<byte> input) =>
        [.. Encoding.Latin1.GetString(input).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
