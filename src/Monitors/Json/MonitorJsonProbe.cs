using System.Text;
using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Json;

/// <summary>`tg decode monitor-json &lt;file|-&gt;`: one monitor JSON payload in, readings out.</summary>
public static class MonitorJsonProbe
{
    /// <exception cref="DeviceFormatException">Malformed payload (names the JSON path).</exception>
    public static IReadOnlyList<Reading> Decode(string json, DateTimeOffset receivedAt) =>
        MonitorJsonDecoder.DecodeAny(Encoding.UTF8.GetBytes(json), receivedAt).Readings;
}
