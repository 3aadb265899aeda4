using System.Globalization;
using System.Text;
using TelemetryGateway.Serial.Astm.Link;

namespace TelemetryGateway.Bench.Serial;

/// <summary>A Contour-style memory of N results (the layout tgsim meter sends) and its E1381 frames.</summary>
internal static class Memory
{
    public static List<string> Records(int count)
    {
        var records = new List<string>
        {
            "H|\\^&||bench|Bayer7390^01.24\\01.04\\09.02.20^7390-BENCH01^7403-|A=1^C=63^G=1^I=0200^R=0^S=1^U=0^V=10600^X=070070070070180130150250^Y=360126090050099050300089^Z=1|" +
                count.ToString(CultureInfo.InvariantCulture) + "||||||1|202612070800",
            "P|1",
        };
        var first = new DateTime(2026, 1, 1, 7, 30, 0);
        for (var n = 1; n <= count; n++)
        {
            var markers = (n % 3) switch { 0 => "B", 1 => "A", _ => "" };
            records.Add(string.Create(CultureInfo.InvariantCulture,
                $"R|{n}|^^^Glucose|{80 + (n * 37 % 120)}|mg/dL^P||{markers}||{first.AddMinutes(37 * (n - 1)):yyyyMMddHHmm}"));
        }

        records.Add("L|1||N");
        return records;
    }

    /// <summary>Each record with its CR, cut into frames of at most 240 characters, numbered 1 … 7, 0 …</summary>
    public static List<byte[]> Frames(IReadOnlyList<string> records)
    {
        var frames = new List<byte[]>();
        var number = 1;
        for (var r = 0; r < records.Count; r++)
        {
            var text = Encoding.Latin1.GetBytes(records[r] + "\r");
            for (var offset = 0; offset < text.Length; offset += AstmControl.MaxFrameText)
            {
                var chunk = text.AsSpan(offset, Math.Min(AstmControl.MaxFrameText, text.Length - offset)).ToArray();
                var last = r == records.Count - 1 && offset + chunk.Length == text.Length;
                frames.Add(new AstmFrame(number, chunk, last).Encode());
                number = (number + 1) % AstmControl.FrameNumberModulus;
            }
        }

        return frames;
    }
}
