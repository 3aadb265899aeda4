namespace TelemetryGateway.Core;

/// <summary>Outcome of converting a reported value to a kind's canonical unit.</summary>
/// <remarks>A result rather than an exception: a device sending a unit we cannot use is normal input
/// that a decoder reports (<c>tg decode</c> exit code 2, a rejected-reading counter), not a crash.</remarks>
public readonly record struct ConversionResult
{
    private ConversionResult(Quantity value, ConversionError error, string message)
    {
        Value = value;
        Error = error;
        Message = message;
    }

    /// <summary>True when <see cref="Value"/> holds the converted quantity.</summary>
    public bool Success => Error == ConversionError.None;

    /// <summary>The value in the canonical unit (only meaningful when <see cref="Success"/>).</summary>
    public Quantity Value { get; }

    /// <summary>Machine-readable failure reason, <see cref="ConversionError.None"/> on success.</summary>
    public ConversionError Error { get; }

    /// <summary>Human-readable failure description; empty on success.</summary>
    public string Message { get; }

    internal static ConversionResult Ok(double value, string unit) => new(new Quantity(value, unit), ConversionError.None, "");

    internal static ConversionResult Fail(ConversionError error, string message) => new(default, error, message);
}
