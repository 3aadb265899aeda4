namespace TelemetryGateway.Core;

/// <summary>Verdict of <see cref="ReadingValidator"/>: a reason code for machines and a message for people.</summary>
/// <param name="Reason"><see cref="RejectReason.None"/> when the reading is accepted.</param>
/// <param name="Message">Why it was rejected, naming the offending value; empty when accepted.</param>
public readonly record struct ValidationResult(RejectReason Reason, string Message)
{
    /// <summary>The accepted verdict.</summary>
    public static ValidationResult Valid { get; } = new(RejectReason.None, "");

    /// <summary>True when the reading is accepted.</summary>
    public bool IsValid => Reason == RejectReason.None;

    /// <summary>A rejection.</summary>
    public static ValidationResult Reject(RejectReason reason, string message) => new(reason, message);
}
