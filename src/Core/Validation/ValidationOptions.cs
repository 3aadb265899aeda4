namespace TelemetryGateway.Core;

/// <summary>Settings of <see cref="ReadingValidator"/>.</summary>
public sealed record ValidationOptions
{
    /// <summary>How far a time may lie in the future of its reference (MeasuredAt after ReceivedAt,
    /// ReceivedAt after the validating clock) before it is rejected. Small device clock drift is normal;
    /// a reading from minutes ahead means a wrong clock, and storing it would misplace it on every chart.</summary>
    public TimeSpan FutureTolerance { get; init; } = TimeSpan.FromMinutes(5);
}
