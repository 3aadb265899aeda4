using TelemetryGateway.Core;

namespace TelemetryGateway.Serial.Astm;

/// <summary>`tg decode astm &lt;file|-&gt;`: a raw capture (E1381 framing) or bare E1394 records in, readings out.</summary>
public static class AstmProbe
{
    /// <exception cref="DeviceFormatException">Malformed framing or records (names the frame or field).</exception>
    public static IReadOnlyList<Reading> Decode(ReadOnlySpan<byte> input, DateTimeOffset receivedAt) =>
        throw new DeviceFormatException("astm", "input", "no decoder yet");
}
