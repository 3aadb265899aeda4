using System.Globalization;

namespace TelemetryGateway.FirmwareSim;

/// <summary>
/// The meter's stored results as E1394 records in the Bayer Contour layout: a header naming the meter, a patient
/// record, one result per stored test (oldest first), the terminator. Tests are numbered t = 1, 2, … in the order
/// they were taken; a test's value, time and markers are a pure function of t (see <see cref="MgPerDl"/>,
/// <see cref="TimeOf"/>) so a test can predict them. Result records are numbered by position, 1..count, as a
/// Contour does (E1394 §10.1.2): when the memory is full and drops its oldest test, or is cleared, the same
/// position holds another test.
/// </summary>
internal sealed class MeterMemory(MeterOptions options)
{
    /// <summary>The first test; each next one 4 h later.</summary>
    public static readonly DateTime FirstTest = new(2026, 11, 1, 7, 30, 0);

    private int _completed;

    /// <summary>Tests taken so far: the newest in memory.</summary>
    public int Taken { get; private set; } = options.Records;

    /// <summary>The oldest test still in memory (after a clear: Taken + 1 until the next test).</summary>
    public int Oldest { get; private set; } = options.Capacity > 0 ? Math.Max(1, options.Records - options.Capacity + 1) : 1;

    /// <summary>The value of test <paramref name="t"/> in mg/dL: 80 … 199.</summary>
    public static int MgPerDl(int t) => 80 + (t * 37 % 120);

    /// <summary>When test <paramref name="t"/> was taken, by the meter's clock.</summary>
    public static DateTime TimeOf(int t) => FirstTest.AddHours(4 * (t - 1));

    /// <summary>
    /// A transfer the receiver took whole: the memory may be cleared (--clear-after), the patient takes new tests
    /// (--new-per-transfer, for --transfers-with-new transfers), and a full memory drops its oldest (--capacity).
    /// </summary>
    public void TransferCompleted()
    {
        _completed++;
        if (_completed == options.ClearAfter)
        {
            Oldest = Taken + 1;
        }

        if (_completed <= options.TransfersWithNew)
        {
            Taken += options.NewPerTransfer;
        }

        if (options.Capacity > 0)
        {
            Oldest = Math.Max(Oldest, Taken - options.Capacity + 1);
        }
    }

    public List<string> Records(DateTime now)
    {
        var count = Math.Max(0, Taken - Oldest + 1);
        var records = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"H|\\^&||sim|Bayer7390^01.24\\01.04\\09.02.20^{options.Serial}^7403-|A=1^C=63^G=1^I=0200^R=0^S=1^U=0^V=10600^X=070070070070180130150250^Y=360126090050099050300089^Z=1|{count}||||||1|{now:yyyyMMddHHmm}"),
            "P|1",
        };
        for (var t = Oldest; t <= Taken; t++)
        {
            var control = options.ControlEvery > 0 && t % options.ControlEvery == 0;
            var markers = control ? "C" : (t % 3) switch { 0 => "B", 1 => "A", _ => "" };
            var mg = MgPerDl(t);
            var value = options.Unit == "mg/dL" ? mg.ToString(CultureInfo.InvariantCulture) : (mg / 18.016).ToString("0.0", CultureInfo.InvariantCulture);
            records.Add(string.Create(CultureInfo.InvariantCulture,
                $"R|{t - Oldest + 1}|^^^Glucose|{value}|{options.Unit}^P||{markers}||{TimeOf(t):yyyyMMddHHmm}"));
        }

        records.Add(string.Create(CultureInfo.InvariantCulture, $"L|1||N"));
        return records;
    }
}
