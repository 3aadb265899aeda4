using System.Globalization;

namespace TelemetryGateway.FirmwareSim;

/// <summary>
/// The meter's stored results as E1394 records in the Bayer Contour layout: a header naming the meter, a patient
/// record, one result per stored test (oldest first, numbered from 1), the terminator. Values are a pure
/// function of the record number so a test can predict them: see <see cref="MgPerDl"/>.
/// </summary>
internal static class MeterMemory
{
    /// <summary>The first stored test; each next one 4 h later.</summary>
    public static readonly DateTime FirstTest = new(2026, 11, 1, 7, 30, 0);

    /// <summary>The value of record <paramref name="n"/> in mg/dL: 80 … 199.</summary>
    public static int MgPerDl(int n) => 80 + (n * 37 % 120);

    public static List<string> Records(MeterOptions options, DateTime now)
    {
        var records = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"H|\\^&||sim|Bayer7390^01.24\\01.04\\09.02.20^{options.Serial}^7403-|A=1^C=63^G=1^I=0200^R=0^S=1^U=0^V=10600^X=070070070070180130150250^Y=360126090050099050300089^Z=1|{options.Records}||||||1|{now:yyyyMMddHHmm}"),
            "P|1",
        };
        for (var n = 1; n <= options.Records; n++)
        {
            var control = options.ControlEvery > 0 && n % options.ControlEvery == 0;
            var markers = control ? "C" : (n % 3) switch { 0 => "B", 1 => "A", _ => "" };
            var mg = MgPerDl(n);
            var value = options.Unit == "mg/dL" ? mg.ToString(CultureInfo.InvariantCulture) : (mg / 18.016).ToString("0.0", CultureInfo.InvariantCulture);
            records.Add(string.Create(CultureInfo.InvariantCulture,
                $"R|{n}|^^^Glucose|{value}|{options.Unit}^P||{markers}||{FirstTest.AddHours(4 * (n - 1)):yyyyMMddHHmm}"));
        }

        records.Add(string.Create(CultureInfo.InvariantCulture, $"L|1||N"));
        return records;
    }
}
