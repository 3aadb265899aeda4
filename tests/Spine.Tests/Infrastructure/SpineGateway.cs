using Microsoft.Extensions.Configuration;
using TelemetryGateway.Gateway;

namespace TelemetryGateway.Spine.Tests.Infrastructure;

/// <summary>An in-process gateway on a temp directory, reconnecting quickly, fed by one source spec.</summary>
public static class SpineGateway
{
    public static Task<GatewayHost> StartAsync(string id, Uri hub, string source) => StartAsync(id, hub, [source]);

    /// <summary>A gateway fed by several source specs.</summary>
    public static async Task<GatewayHost> StartAsync(string id, Uri hub, string[] sources)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = id,
            ["Gateway:Secret"] = SpineHub.Secret,
            ["Gateway:DataDirectory"] = Directory.CreateTempSubdirectory("tg-spine-gw-").FullName,
            ["Gateway:HubUrl"] = hub.ToString(),
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:Reconnect:InitialDelay"] = "00:00:00.100",
            ["Gateway:Reconnect:MaxDelay"] = "00:00:01",
        };
        for (var i = 0; i < sources.Length; i++)
        {
            settings[$"Gateway:Sources:{i}"] = sources[i];
        }
        return await GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }
}
