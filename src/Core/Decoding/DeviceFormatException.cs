namespace TelemetryGateway.Core;

/// <summary>
/// Device bytes or text that do not follow their format (a truncated GATT payload, a bad ASTM checksum, an
/// HL7 segment without fields). The one exception a pure decoder lets escape; callers count it and go on.
/// </summary>
/// <remarks>
/// <see cref="Location"/> names where the input went wrong in the format's own terms, so a field engineer
/// can find it: "byte 7", "frame 3 checksum", "OBX[2]-5". The message already includes it.
/// </remarks>
public class DeviceFormatException : FormatException
{
    public DeviceFormatException(string format, string location, string problem)
        : base($"{format}: {location}: {problem}")
    {
        Format = format;
        Location = location;
        Problem = problem;
    }

    public DeviceFormatException(string format, string location, string problem, Exception inner)
        : base($"{format}: {location}: {problem}", inner)
    {
        Format = format;
        Location = location;
        Problem = problem;
    }

    /// <summary>The format being decoded, e.g. "ble 2A35", "astm", "hl7", "monitor-json", "mqtt".</summary>
    public string Format { get; }

    /// <summary>Where: "byte 7", "frame 3", "OBX[2]-5", "$.vitals[0].value".</summary>
    public string Location { get; }

    /// <summary>What is wrong, e.g. "payload ends inside the systolic SFLOAT (needs 2 more bytes)".</summary>
    public string Problem { get; }
}
