using System.Globalization;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>influxd 1.x (Debian package <c>influxdb</c>) under a test: a config file binding HTTP and RPC to
/// free loopback ports, meta/data/wal under a temporary directory, reporting and self-monitoring off.</summary>
public static class InfluxServer
{
    public static Task<ServerProcess> StartAsync() =>
        ServerProcess.StartAsync("influxd", "influxdb", "influxd", WriteConfig, "ping");

    private static string[] WriteConfig(ServerProcess server)
    {
        var config = Path.Combine(server.Directory, "influxd.conf");
        if (!File.Exists(config))
        {
            var rpc = ServerProcess.FreePort();
            File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
                reporting-disabled = true
                bind-address = "127.0.0.1:{rpc}"

                [meta]
                  dir = "{server.Directory}/meta"

                [data]
                  dir = "{server.Directory}/data"
                  wal-dir = "{server.Directory}/wal"
                  query-log-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:{server.Port}"
                  log-enabled = false
                  max-row-limit = 0

                [monitor]
                  store-enabled = false

                [continuous_queries]
                  enabled = false
                """));
        }
        return ["-config", config];
    }
}
