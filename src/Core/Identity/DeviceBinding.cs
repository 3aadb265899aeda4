namespace TelemetryGateway.Core;

/// <summary>Which patient a device measured during a period.</summary>
/// <remarks>
/// A village doctor's cuff serves many patients and a home meter one; the binding says who was on the
/// device when. The period is half-open, [From, Until), so consecutive bindings of a shared device do not
/// overlap at the hand-over instant. Until = null means "still bound".
/// </remarks>
/// <param name="DeviceId">Stable device identity.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="From">Start of the binding (inclusive).</param>
/// <param name="Until">End of the binding (exclusive), or null while it lasts.</param>
public sealed record DeviceBinding(string DeviceId, string PatientId, DateTimeOffset From, DateTimeOffset? Until = null)
{
    /// <summary>True if this binding applies to a reading of <paramref name="deviceId"/> at <paramref name="time"/>.</summary>
    public bool Covers(string deviceId, DateTimeOffset time) =>
        string.Equals(DeviceId, deviceId, StringComparison.Ordinal)
        && time >= From
        && (Until is null || time < Until);

    /// <summary>The patient bound to the reading's device at its <see cref="Reading.EffectiveTime"/>, or
    /// null when no binding or more than one covers it (an ambiguous binding must not guess a patient).</summary>
    public static string? ResolvePatient(IEnumerable<DeviceBinding> bindings, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(reading);
        string? patient = null;
        foreach (var binding in bindings)
        {
            if (!binding.Covers(reading.DeviceId, reading.EffectiveTime))
            {
                continue;
            }
            if (patient is not null && patient != binding.PatientId)
            {
                return null;
            }
            patient = binding.PatientId;
        }
        return patient;
    }

    /// <summary>The reading with its patient filled in from <paramref name="bindings"/>, unless it already
    /// names one (what the adapter set wins over an administrative binding) or none resolves.</summary>
    public static Reading Apply(IEnumerable<DeviceBinding> bindings, Reading reading) =>
        reading.PatientId is not null
            ? reading
            : ResolvePatient(bindings, reading) is { } patient ? reading with { PatientId = patient } : reading;
}
