namespace TelemetryGateway.Storage.SeriesStore;

/// <summary>Whose readings: one patient's or one device's (for <see cref="IReadingStore.LatestAsync"/>).</summary>
public readonly record struct ReadingScope
{
    private ReadingScope(string? patientId, string? deviceId)
    {
        PatientId = patientId;
        DeviceId = deviceId;
    }

    /// <summary>The patient, when the scope is a patient.</summary>
    public string? PatientId { get; }

    /// <summary>The device, when the scope is a device.</summary>
    public string? DeviceId { get; }

    /// <summary>All readings of <paramref name="patientId"/>, from whichever device.</summary>
    public static ReadingScope Patient(string patientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        return new(patientId, null);
    }

    /// <summary>All readings of <paramref name="deviceId"/>, for whichever patient.</summary>
    public static ReadingScope Device(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        return new(null, deviceId);
    }

    /// <inheritdoc />
    public override string ToString() => PatientId is not null ? $"patient {PatientId}" : $"device {DeviceId}";
}
