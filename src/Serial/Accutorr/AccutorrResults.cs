namespace TelemetryGateway.Serial.Accutorr;

/// <summary>One NIBP result as the gateway numbered and dated it (the monitor sends neither a number nor a clock time).</summary>
public sealed record AccutorrResult(long Number, DateTimeOffset MeasuredAt, int? Systolic, int? Diastolic, int? Mean, int? Pulse, int? SaO2)
{
    public bool SameValues(AccutorrResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Systolic == other.Systolic && Diastolic == other.Diastolic && Mean == other.Mean && Pulse == other.Pulse && SaO2 == other.SaO2;
    }

    /// <summary>The patient data line this result came from (status bytes not kept).</summary>
    public AccutorrPatientData ToPatientData() => new(SaO2, Pulse, Systolic, Mean, Diastolic, null, null, null, 0);
}

/// <summary>
/// Which poll shows a new result: pure, so the rule is tested on its own. The monitor shows its latest result and
/// "elapsed time (minutes) since last NIBP measurement" (service manual p. 1-53), nothing else to tell results apart.
/// </summary>
/// <remarks>
/// A poll's result is dated <c>now</c> truncated to the minute, less the elapsed minutes. The elapsed count is
/// whole minutes, so one result seen in two polls is dated the same or one minute apart, never two: a result
/// with the same values within <see cref="SameResultWindow"/> of the last is the last. Equal values outside it,
/// or different values, are a new result.
/// <para>
/// Its number is its date, not a count: the digits yyyyMMddHHmm (UTC, to the minute) and a two-digit ordinal
/// among results dated in that minute (20261207095701). A count (1, 2, …) lived only in the gateway's data
/// directory: lost (a replaced gateway, a wiped card) it restarted at 1, and the hub, whose key is device + kind
/// + record number, dropped the new results as duplicates of the old ones. A date does not repeat. A cuff takes
/// 30 s or more per measurement, so two per minute at most; the ordinal stops at 99.
/// </para>
/// </remarks>
public static class AccutorrResults
{
    public static readonly TimeSpan SameResultWindow = TimeSpan.FromSeconds(90);

    /// <summary>The new result this poll shows, or null (nothing measured yet, or still the last one).</summary>
    public static AccutorrResult? Next(AccutorrPatientData data, AccutorrResult? last, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasNibp)
        {
            return null;
        }

        var utc = now.ToUniversalTime();
        var minute = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        var measuredAt = minute.AddMinutes(-data.ElapsedMinutes!.Value);
        var key = (measuredAt.Year * 100_000_000L) + (measuredAt.Month * 1_000_000L) + (measuredAt.Day * 10_000L) + (measuredAt.Hour * 100L) + measuredAt.Minute;
        var ordinal = last is not null && last.Number / 100 == key ? Math.Min(99, (last.Number % 100) + 1) : 1;
        var seen = new AccutorrResult((key * 100) + ordinal, measuredAt,
            data.Systolic, data.Diastolic, data.Mean, data.PulseRate, data.SaO2);
        return last is not null && last.SameValues(seen) && (seen.MeasuredAt - last.MeasuredAt).Duration() <= SameResultWindow
            ? null
            : seen;
    }
}
