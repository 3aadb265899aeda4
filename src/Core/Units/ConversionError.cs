namespace TelemetryGateway.Core;

/// <summary>Why a unit conversion failed.</summary>
public enum ConversionError
{
    /// <summary>The conversion succeeded.</summary>
    None = 0,
    /// <summary>The kind is not in the vocabulary, so it has no canonical unit.</summary>
    UnknownKind = 1,
    /// <summary>The unit is not one we recognise (see <see cref="Ucum"/>).</summary>
    UnknownUnit = 2,
    /// <summary>The unit is known but measures something else (e.g. "kg" for blood pressure).</summary>
    IncompatibleUnit = 3,
}
