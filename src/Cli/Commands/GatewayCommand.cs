using TelemetryGateway.Gateway;

namespace TelemetryGateway.Cli.Commands;

/// <summary>tg gateway --id ID --data DIR --hub URL [--source SPEC]… [--config FILE]: an edge gateway until Ctrl-C or SIGTERM.</summary>
internal static class GatewayCommand
{
    private static readonly Dictionary<string, string> Shorthands = new()
    {
        ["id"] = "Gateway:Id",
        ["data"] = "Gateway:DataDirectory",
        ["hub"] = "Gateway:HubUrl",
        ["http"] = "Gateway:HttpUrl",
        ["secret"] = "Gateway:Secret",
        ["mqtt-listen"] = "Gateway:Mqtt:Listen",
        ["mqtt-broker"] = "Gateway:Mqtt:BrokerUrl",
    };

    public static async Task<int> RunAsync(IEnumerable<string> args, CancellationToken stop)
    {
        var configuration = CliConfiguration.Build(args, Shorthands, repeatableShorthand: "source", repeatableKey: "Gateway:Sources");
        using var loggers = CliConfiguration.CreateLoggers(configuration);
        await using var gateway = await GatewayHost.StartAsync(configuration, loggers, stop);
        Console.Out.WriteLine($"gateway: health and metrics on {gateway.HttpAddress}");
        await HubCommand.WaitForStopAsync(stop);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await gateway.StopAsync(grace.Token);
        return 0;
    }
}
