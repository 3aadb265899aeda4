using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Hub;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Serial.Tests.Infrastructure;

/// <summary>
/// A real hub (in this process, on random loopback ports), a temp directory, and the `tg gateway` command line
/// for a serial device at <see cref="LinkPath"/>: simulated device → pty → termios → gateway → gRPC → hub.
/// </summary>
public sealed class EndToEndRig : IAsyncDisposable
{
    public const string GatewayId = "gw-serial";
    private const string Secret = "serial end to end";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private EndToEndRig(string directory, HubHost hub)
    {
        Directory = directory;
        Hub = hub;
        LinkPath = Path.Combine(directory, "ttyMeter");
        GatewayData = Path.Combine(directory, "gateway");
        GatewayHttpPort = FreePort();
    }

    public string Directory { get; }

    public HubHost Hub { get; }

    /// <summary>Where the simulator links its pty slave: the gateway's configured device path.</summary>
    public string LinkPath { get; }

    public string GatewayData { get; }

    public int GatewayHttpPort { get; }

    public static async Task<EndToEndRig> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("tg-serial-e2e-").FullName;
        var hub = await HubHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = Path.Combine(directory, "hub"),
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            [$"Hub:Gateways:{GatewayId}:Secret"] = SecretHasher.Hash(Secret),
        }).Build()).WaitAsync(TimeSpan.FromSeconds(60));
        return new EndToEndRig(directory, hub);
    }

    /// <summary>`tg gateway` with one serial device at <see cref="LinkPath"/> speaking <paramref name="protocol"/>.</summary>
    public ToolProcess StartGateway(string protocol, params string[] deviceSettings)
    {
        var arguments = new List<string>
        {
            "gateway", "--id", GatewayId, "--secret", Secret, "--data", GatewayData,
            "--hub", Hub.GrpcAddress.ToString(), "--http", $"http://127.0.0.1:{GatewayHttpPort}",
            $"--Gateway:Serial:Devices:0:Path={LinkPath}",
            $"--Gateway:Serial:Devices:0:Protocol={protocol}",
            "--Gateway:Serial:Devices:0:PollInterval=00:00:00.2",
            "--Gateway:Serial:Devices:0:TimeZone=UTC",
        };
        arguments.AddRange(deviceSettings.Select(s => $"--Gateway:Serial:Devices:0:{s}"));
        return ToolProcess.Start("tg", [.. arguments]);
    }

    /// <summary>Sum of a gateway_serial_ counter over devices, from the running gateway's /metrics.</summary>
    public async Task<long> GatewayCounterAsync(string name)
    {
        var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{GatewayHttpPort}/metrics"));
        long total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                total += long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>Waits until the gateway serves /metrics and <paramref name="name"/> reaches <paramref name="atLeast"/>.</summary>
    public async Task WaitForCounterAsync(string name, long atLeast, ToolProcess gateway)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                if (await GatewayCounterAsync(name) >= atLeast)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < until, $"{name} did not reach {atLeast}; gateway output:\n{gateway.Output}");
            Assert.False(gateway.HasExited, $"the gateway exited:\n{gateway.Output}");
            await Task.Delay(100);
        }
    }

    public Task<long> CountAsync(string device) => Hub.Store.CountAsync(new ReadingQuery { DeviceId = device });

    /// <summary>Waits until the hub holds at least <paramref name="count"/> readings of <paramref name="device"/>.</summary>
    public async Task WaitForHubAsync(string device, long count, ToolProcess gateway, ToolProcess? simulator = null)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        long stored;
        while ((stored = await CountAsync(device)) < count)
        {
            Assert.True(DateTime.UtcNow < until,
                $"the hub holds {stored} of {count} readings of {device}\ngateway:\n{gateway.Output}\nsimulator:\n{simulator?.Output}");
            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<StoredReading>> ReadingsAsync(string device) =>
        await Hub.Store.QueryAsync(new ReadingQuery { DeviceId = device, Limit = 100_000, Order = QueryOrder.OldestFirst });

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Hub.StopAsync(grace.Token);
        await Hub.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the temp cleaner rather than hide the test's own outcome.
        }
    }

    private static int FreePort() => TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();
}
