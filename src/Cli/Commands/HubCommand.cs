using TelemetryGateway.Hub;

namespace TelemetryGateway.Cli.Commands;

/// <summary>tg hub --data DIR --grpc URL --http URL [--config FILE]: the central hub until Ctrl-C or SIGTERM.</summary>
internal static class HubCommand
{
    private static readonly Dictionary<string, string> Shorthands = new()
    {
        ["data"] = "Hub:DataDirectory",
        ["grpc"] = "Hub:GrpcUrl",
        ["http"] = "Hub:HttpUrl",
    };

    public static async Task<int> RunAsync(IEnumerable<string> args, CancellationToken stop)
    {
        var configuration = CliConfiguration.Build(args, Shorthands);
        using var loggers = CliConfiguration.CreateLoggers(configuration);
        await using var hub = await HubHost.StartAsync(configuration, loggers, stop);
        Console.Out.WriteLine($"hub: gRPC ingest on {hub.GrpcAddress}, HTTP on {hub.HttpAddress} (dashboard, /api/readings, /healthz, /metrics)");
        await WaitForStopAsync(stop);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await hub.StopAsync(grace.Token);
        return 0;
    }

    internal static async Task WaitForStopAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
