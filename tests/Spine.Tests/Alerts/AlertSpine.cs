using System.Net;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Gateway;
using TelemetryGateway.Spine.Tests.Infrastructure;

namespace TelemetryGateway.Spine.Tests.Alerts;

/// <summary>What the end-to-end alert tests share: an in-process gateway (optionally with its MQTT broker),
/// a free port, waiting with a hang timeout, and the gateway's metrics.</summary>
internal static class AlertSpine
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    public static async Task<GatewayHost> StartGatewayAsync(string id, Uri hub, string data, int? mqttPort = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = id,
            ["Gateway:Secret"] = SpineHub.Secret,
            ["Gateway:DataDirectory"] = data,
            ["Gateway:HubUrl"] = hub.ToString(),
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:Reconnect:InitialDelay"] = "00:00:00.100",
            ["Gateway:Reconnect:MaxDelay"] = "00:00:00.500",
        };
        if (mqttPort is { } port)
        {
            settings["Gateway:Mqtt:Listen"] = $"127.0.0.1:{port}";
            settings["Gateway:Mqtt:AllowAnonymous"] = "true";
        }
        return await GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    public static int FreePort() => TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Hang;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"not within {Hang.TotalSeconds:0} s: {what}");
            await Task.Delay(50);
        }
    }

    public static async Task<string> MetricsAsync(GatewayHost gateway)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(gateway.HttpAddress, "/metrics"));
    }
}
