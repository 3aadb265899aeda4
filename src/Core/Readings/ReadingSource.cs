namespace TelemetryGateway.Core;

/// <summary>Where a reading entered the system.</summary>
/// <remarks>
/// Numbering starts at 1 so that <c>default(ReadingSource)</c> (0) is not a valid source: a reading built
/// or decoded without setting it is rejected by <see cref="ReadingValidator"/> instead of silently
/// claiming to come from BLE. Values are stable: they are stored and sent on the wire.
/// </remarks>
public enum ReadingSource
{
    /// <summary>Bluetooth Low Energy device via BlueZ (cuffs, glucose meters, scales).</summary>
    Ble = 1,
    /// <summary>Serial cable (ASTM/vendor protocols over a tty).</summary>
    Serial = 2,
    /// <summary>MQTT (ambulance monitors).</summary>
    Mqtt = 3,
    /// <summary>Built-in synthetic generator for load and fault tests.</summary>
    Generator = 4,
    /// <summary>Entered by a person.</summary>
    Manual = 5,
}
