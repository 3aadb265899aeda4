using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Core;
using TelemetryGateway.Storage;
using TelemetryGateway.Storage.Tests.Influx;

namespace TelemetryGateway.Spine.Tests;

/// <summary>
/// deploy/ checked as far as this machine allows without a Docker daemon (none runs here, and images cannot be
/// pulled): compose.yaml parses and wires what the hub relies on, and each hub configuration's <c>Hub:Store</c>
/// section opens against the real server started with the flags compose.yaml gives it.
/// </summary>
public sealed class DeployConfigTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy");

    [Fact]
    public async Task Compose_file_parses_and_keeps_the_settings_exactly_once_depends_on()
    {
        var compose = await ComposeAsync();
        var services = compose.GetProperty("services");
        foreach (var name in new[] { "hub", "mosquitto", "influxdb", "victoriametrics" })
        {
            Assert.True(services.TryGetProperty(name, out _), $"compose.yaml has no service {name}");
        }
        var influx = services.GetProperty("influxdb").GetProperty("environment");
        Assert.Equal("0s", influx.GetProperty("INFLUXDB_DATA_WAL_FSYNC_DELAY").GetString()); // fsync before answering a write
        Assert.Equal("service_healthy", services.GetProperty("hub").GetProperty("depends_on").GetProperty("influxdb").GetProperty("condition").GetString());
        var flags = services.GetProperty("victoriametrics").GetProperty("command").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains("-dedup.minScrapeInterval=1ms", flags);
    }

    [Fact]
    public async Task VictoriaMetrics_with_the_compose_flags_accepts_the_hub_configuration()
    {
        var compose = await ComposeAsync();
        var flags = compose.GetProperty("services").GetProperty("victoriametrics").GetProperty("command").EnumerateArray()
            .Select(f => f.GetString()!)
            .Where(f => !f.StartsWith("-storageDataPath", StringComparison.Ordinal) && !f.StartsWith("-httpListenAddr", StringComparison.Ordinal) && !f.Contains("${", StringComparison.Ordinal))
            .ToList();
        await using var server = await ServerProcess.StartAsync("victoria-metrics", "victoria-metrics", "victoria-metrics", s =>
            [$"-httpListenAddr=127.0.0.1:{s.Port}", $"-storageDataPath={s.Directory}/data", "-loggerLevel=ERROR", .. flags], "health");
        await OpensAndStoresAsync("hub.victoriametrics.json", server.Url);
    }

    [Fact]
    public async Task InfluxDB_accepts_the_hub_configuration()
    {
        await using var server = await InfluxServer.StartAsync();
        await OpensAndStoresAsync("hub.influxdb.json", server.Url);
    }

    /// <summary>The file's Hub:Store section (its Url pointed at the test server) opens through the factory
    /// the hub uses, stores a reading and counts it.</summary>
    private static async Task OpensAndStoresAsync(string file, Uri url)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Deploy, file), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:Store:Url"] = url.ToString() })
            .Build();
        var data = Directory.CreateTempSubdirectory("tg-deploy-").FullName;
        await using (var store = await ReadingStoreFactory.CreateAsync(configuration.GetSection("Hub:Store"), data))
        {
            var at = DateTimeOffset.UtcNow.AddMinutes(-1);
            var reading = new Reading
            {
                Kind = ReadingKinds.HeartRate, Value = 72, Unit = ReadingKinds.Get(ReadingKinds.HeartRate).Unit, DeviceId = "deploy-check",
                Source = ReadingSource.Manual, MeasuredAt = at, ReceivedAt = at,
            };
            Assert.Equal(1, (await store.WriteAsync([reading], "gw-deploy")).Inserted);
            Assert.Equal(1, await store.CountAsync(new() { DeviceId = "deploy-check" }));
        }
        Directory.Delete(data, recursive: true);
    }

    /// <summary>compose.yaml as JSON, parsed by python3-yaml (the YAML 1.1 loader Compose files are written for).</summary>
    private static async Task<JsonElement> ComposeAsync()
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)");
        info.ArgumentList.Add(Path.Combine(Deploy, "compose.yaml"));
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"compose.yaml does not parse: {await error}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TelemetryGateway.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("TelemetryGateway.sln not found above the test binaries");
    }
}
