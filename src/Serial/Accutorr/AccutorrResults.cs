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
/// or different values, are a new result, numbered one past the last.
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
        var seen = new AccutorrResult((last?.Number ?? 0) + 1, minute.AddMinutes(-data.ElapsedMinutes!.Value),
            data.Systolic, data.Diastolic, data.Mean, data.PulseRate, data.SaO2);
        return last is not null && last.SameValues(seen) && (seen.MeasuredAt - last.MeasuredAt).Duration() <= SameResultWindow
            ? null
            : seen;
    }
}
