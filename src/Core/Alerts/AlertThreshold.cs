namespace TelemetryGateway.Core.Alerts;

/// <summary>One entry of a rule set in its flat, wire-friendly form (telemetry.proto <c>Threshold</c>):
/// a line for a kind, the default for every patient or one patient's override.</summary>
/// <remarks>
/// <para><see cref="Kind"/> is a reading kind (<c>bp.systolic</c>, <c>glucose</c>, <c>spo2</c> …) or a rule
/// setting from <see cref="AlertRuleIds"/> (<c>news2</c>, <c>spo2.sustained-low</c>, <c>stale.feed</c> …);
/// docs/alerts.md lists what <see cref="Low"/>, <see cref="High"/> and <see cref="Duration"/> mean for each.</para>
/// <para>Lines: a value below <see cref="Low"/> is out of range; a value above <see cref="High"/> is out of
/// range, and for blood pressure and NEWS2 a value <em>at</em> <see cref="High"/> is too (guidance says
/// "140/90 or higher", "a score of 5 or more"; a BP target of 130/80 means "below 130/80").</para>
/// <para>An entry replaces the entry with the same key (kind, patient, and severity for tiered kinds) of the
/// rule set it is applied to. An entry with neither <see cref="Low"/> nor <see cref="High"/> (nor
/// <see cref="Duration"/> for timed rules) switches that line off for its scope.</para>
/// </remarks>
/// <param name="Kind">Reading kind or rule setting.</param>
/// <param name="PatientId">The patient the override is for; empty for the default of every patient.</param>
/// <param name="Low">Lower line, when the kind has one.</param>
/// <param name="High">Upper line, when the kind has one.</param>
/// <param name="Severity">Severity of a signal raised by this line.</param>
public sealed record AlertThreshold(string Kind, string PatientId, double? Low, double? High, AlertSeverity Severity)
{
    /// <summary>How long a condition must last (sustained rules), the window of a rate rule, or the silence
    /// that makes data stale. Not in the proto <c>Threshold</c> message (it would need
    /// <c>optional double duration_seconds = 6;</c>): without it a stale rule reads its silence from
    /// <see cref="High"/> (seconds), and the sustained and falling rules use their default durations.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>True when this entry is the default for every patient.</summary>
    public bool IsDefault => PatientId.Length == 0;

    /// <summary>True when the entry switches its line off (no line and no duration).</summary>
    public bool IsOff => Low is null && High is null && Duration is null;
}
