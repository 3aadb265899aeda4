namespace TelemetryGateway.Core;

/// <summary>A value with its unit, e.g. the value and unit exactly as a device reported them.</summary>
/// <param name="Value">The numeric value.</param>
/// <param name="Unit">The unit as given (device spelling for reported values, UCUM for canonical ones).</param>
public readonly record struct Quantity(double Value, string Unit)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Value} {Unit}");
}
