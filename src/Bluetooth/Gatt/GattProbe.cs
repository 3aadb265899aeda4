using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt;

/// <summary>`tg decode ble &lt;uuid16&gt; &lt;hex&gt;`: one characteristic value in, readings out.</summary>
public static class GattProbe
{
    /// <summary>Decodes <paramref name="payload"/> as the characteristic <paramref name="uuid16"/> (e.g. 0x2A35).</summary>
    /// <exception cref="DeviceFormatException">Unknown characteristic or a malformed payload (names the byte).</exception>
    public static IReadOnlyList<Reading> Decode(ushort uuid16, ReadOnlySpan<byte> payload, string deviceId, DateTimeOffset receivedAt) =>
        throw new DeviceFormatException($"ble {uuid16:X4}", "characteristic", "no decoder yet");
}
