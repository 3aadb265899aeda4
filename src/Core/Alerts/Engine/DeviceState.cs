namespace TelemetryGateway.Core.Alerts.Engine;

/// <summary>What the rules remember about one device: liveness of its feed and a blood-pressure component
/// waiting for its partner.</summary>
internal sealed class DeviceState(string deviceId)
{
    public string DeviceId { get; } = deviceId;

    /// <summary>Patient of the device's latest reading (null when unbound).</summary>
    public string? PatientId;

    /// <summary>The device streams (ambulance monitor): its silence is an alert.</summary>
    public bool Continuous;

    /// <summary>Gateway-clock time of its latest reading: compared with <see cref="AlertEngine.Tick"/>'s clock.</summary>
    public DateTimeOffset LastReceived = DateTimeOffset.MinValue;

    public readonly Episode StaleFeed = new(AlertRuleIds.StaleFeed);

    // One BP component waiting for the other of the same measurement (same device, same measured time).
    public PendingBp Pending;
    public double PendingValue;
    public DateTimeOffset PendingTime;
    public DateTimeOffset PendingReceived;
    public SubjectState? PendingSubject;
    public bool PendingContinuous;
}

internal enum PendingBp : byte
{
    None,
    Systolic,
    Diastolic,
}
