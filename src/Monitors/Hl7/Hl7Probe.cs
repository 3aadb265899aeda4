using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>`tg decode hl7 &lt;file|-&gt;`: an ORU^R01 message (CR or LF segment ends, MLLP framing optional) in, readings out.</summary>
public static class Hl7Probe
{
    /// <exception cref="DeviceFormatException">Malformed message (names segment and field).</exception>
    public static IReadOnlyList<Reading> Decode(string message, DateTimeOffset receivedAt) =>
        OruR01Decoder.Decode(Hl7Message.Parse(message), null, receivedAt).Payload.Readings;
}
