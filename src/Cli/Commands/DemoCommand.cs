using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Cli.Demo;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Gateway;
using TelemetryGateway.Hub;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Cli.Commands;

/// <summary>
/// tg demo [--for SECONDS] [--data DIR]: a hub, a gateway and simulated devices on one machine with embedded
/// defaults; prints the URLs to open and progress, stops cleanly on Ctrl-C or after --for seconds.
/// </summary>
internal static class DemoCommand
{
    private const string GatewayId = "demo-gateway";

    /// <summary>The log category of the gateway's alert rules (src/Gateway/Alerts).</summary>
    private const string EdgeAlertsCategory = "TelemetryGateway.Gateway.Alerts";

    public static async Task<int> RunAsync(IEnumerable<string> args, CancellationToken stop)
    {
        var rest = new List<string>();
        double? forSeconds = null;
        string? dataDirectory = null;
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg is "--for" or "--data" && i + 1 >= list.Count)
            {
                throw new UsageException($"{arg} needs a value.");
            }
            if (arg == "--for" || arg.StartsWith("--for=", StringComparison.Ordinal))
            {
                var text = arg == "--for" ? list[++i] : arg[6..];
                forSeconds = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                    ? s : throw new UsageException($"--for takes a number of seconds, not '{text}'.");
            }
            else if (arg == "--data" || arg.StartsWith("--data=", StringComparison.Ordinal))
            {
                dataDirectory = arg == "--data" ? list[++i] : arg[7..];
            }
            else
            {
                rest.Add(arg);
            }
        }
        dataDirectory ??= Path.Combine(Path.GetTempPath(), $"tg-demo-{Environment.ProcessId}");
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var defaults = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = Path.Combine(dataDirectory, "hub"),
            ["Hub:GrpcUrl"] = "http://127.0.0.1:7400",
            ["Hub:HttpUrl"] = "http://127.0.0.1:8080",
            [$"Hub:Gateways:{GatewayId}:Secret"] = SecretHasher.Hash(secret),
            ["Gateway:Id"] = GatewayId,
            ["Gateway:Secret"] = secret,
            ["Gateway:DataDirectory"] = Path.Combine(dataDirectory, "gateway"),
            ["Gateway:HttpUrl"] = "http://127.0.0.1:8081",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:TelemetryGateway.Cli"] = "Information",
            // One line per edge alert signal floods the console during the back-fill; the progress line sums the
            // alerts up instead and the dashboard has each one. Errors of that category still show.
            [$"Logging:LogLevel:{EdgeAlertsCategory}"] = "Error",
        };
        var demoUsers = DemoUsers.Configure(defaults, GatewayId);
        DemoDashboard.Configure(defaults);
        var user = CliConfiguration.Build(rest, new Dictionary<string, string>());
        var hubConfiguration = new ConfigurationBuilder().AddInMemoryCollection(defaults).AddConfiguration(user).Build();
        using var loggers = CliConfiguration.CreateLoggers(hubConfiguration);
        var logger = loggers.CreateLogger("TelemetryGateway.Cli.Demo");

        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (forSeconds is { } seconds)
        {
            run.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        Console.Out.WriteLine($"demo: data in {dataDirectory}");
        await using var hub = await HubHost.StartAsync(hubConfiguration, loggers, stop);
        // The gateway connects to wherever the hub actually listens (a port override may have moved it).
        var gatewayConfiguration = new ConfigurationBuilder()
            .AddConfiguration(hubConfiguration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:HubUrl"] = hub.GrpcAddress.ToString() })
            .Build();
        await using var gateway = await GatewayHost.StartAsync(gatewayConfiguration, loggers, stop);
        var devices = new DemoDevices(gateway.Sink, TimeProvider.System, logger);

        Console.Out.WriteLine($"""
            demo: running. Open:
              dashboard        {hub.HttpAddress}  (clinic, village doctor and ambulance views; sign in below)
              status page      {new Uri(hub.HttpAddress, "/status")}
              readings (API)   {new Uri(hub.HttpAddress, "/api/readings?patient=" + DemoDevices.AmbulancePatient + "&limit=20")}
              gateways (API)   {new Uri(hub.HttpAddress, "/api/gateways")}
              hub metrics      {new Uri(hub.HttpAddress, "/metrics")}
              gateway health   {new Uri(gateway.HttpAddress, "/healthz")}
            Ctrl-C stops{(forSeconds is null ? "" : $"; stopping by itself after {forSeconds} s")}. Alerts are counted below and listed
            on the dashboard; --Logging:LogLevel:{EdgeAlertsCategory}=Warning logs each one.
            demo: sign in to the dashboard as (passwords are new each run):
            {string.Join(Environment.NewLine, demoUsers.Select(u => $"  {u.User,-10} {u.Password}   {u.Role}"))}
            """);

        var simulation = devices.RunAsync(run.Token);
        await ReportProgressAsync(devices, hub, gateway, run.Token);
        await simulation;

        Console.Out.WriteLine("demo: stopping; letting the gateway deliver what it holds …");
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            try
            {
                await gateway.WaitUntilDrainedAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Out.WriteLine("demo: the gateway still holds readings; they stay in its buffer for next time.");
            }
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await gateway.StopAsync(grace.Token);
        var stored = await hub.Store.CountAsync(null, grace.Token);
        await hub.StopAsync(grace.Token);
        Console.Out.WriteLine($"demo: stopped. {devices.Accepted} readings accepted at the gateway, {stored} stored at the hub.");
        return 0;
    }

    private static async Task ReportProgressAsync(DemoDevices devices, HubHost hub, GatewayHost gateway, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var stored = await hub.Store.CountAsync(null, stop);
                var buffer = await gateway.Buffer.GetStatsAsync(stop);
                var open = await hub.Alerts.ListAsync(new AlertFilter(OpenOnly: true), OpenAlertsCounted, stop);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: {devices.Accepted} accepted, {stored} stored at the hub, {buffer.Count} waiting in the gateway buffer; {AlertSummary(open)}; ambulance {DemoDevices.AmbulancePatient}: HR {devices.AmbulanceHeartRate} /min, SpO2 {devices.AmbulanceSpo2} %"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private const int OpenAlertsCounted = 1000;

    /// <summary>"3 alerts open (1 urgent, 2 warning)": the hub's open alerts by severity, worst first.</summary>
    internal static string AlertSummary(IReadOnlyCollection<AlertRecord> open)
    {
        if (open.Count == 0)
        {
            return "no alerts open";
        }
        var bySeverity = open.GroupBy(a => a.Severity).OrderByDescending(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {AlertSeverityNames.ToName(g.Key)}"));
        var count = open.Count >= OpenAlertsCounted ? $"{OpenAlertsCounted}+" : open.Count.ToString(CultureInfo.InvariantCulture);
        return $"{count} alert{(open.Count == 1 ? "" : "s")} open ({string.Join(", ", bySeverity)})";
    }
}
