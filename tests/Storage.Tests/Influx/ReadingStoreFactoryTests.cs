using Microsoft.Extensions.Configuration;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.Tests.SeriesStore;
using TelemetryGateway.Storage.Tests.VictoriaMetrics;
using TelemetryGateway.Storage.VictoriaMetrics;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary><see cref="ReadingStoreFactory"/> from configuration as the hub reads it (<c>Hub:Store</c>).</summary>
public sealed class ReadingStoreFactoryTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Hub:Store:" + s.Key, s.Value)))
            .Build()
            .GetSection("Hub:Store");

    [Fact]
    public async Task No_kind_opens_sqlite_in_the_data_directory()
    {
        var directory = Directory.CreateTempSubdirectory("factory-").FullName;
        try
        {
            await using (var store = await ReadingStoreFactory.CreateAsync(Section(), directory))
            {
                Assert.IsType<SqliteReadingStore>(store);
                await store.Write("gw", Sample.Make(record: 1));
            }
            Assert.True(File.Exists(Path.Combine(directory, "readings.db")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Influx_1x_settings_are_read_and_a_token_org_or_bucket_selects_2x()
    {
        var v1 = ReadingStoreFactory.InfluxOptions(Section(("Kind", "influxdb"), ("Url", "http://influx:8086"), ("Database", "tele"),
            ("RetentionPolicy", "year"), ("Username", "hub"), ("Password", "pw"), ("MaxBatchDelay", "00:00:00.010")));
        var v2 = ReadingStoreFactory.InfluxOptions(Section(("Kind", "influxdb"), ("Url", "http://influx:8086"), ("Org", "county"), ("Bucket", "vitals"), ("Token", "t")));

        Assert.Equal(new InfluxReadingStoreOptions
        {
            Url = new Uri("http://influx:8086"), Database = "tele", RetentionPolicy = "year", Username = "hub", Password = "pw",
            MaxBatchDelay = TimeSpan.FromMilliseconds(10),
        }, v1);
        Assert.Equal(InfluxApiVersion.V2, v2.ApiVersion);
        Assert.Equal(("county", "vitals", "t"), (v2.Org, v2.Bucket, v2.Token));
    }

    [Theory]
    [InlineData("cassandra", "http://x", "expected one of sqlite, influxdb, victoriametrics")]
    [InlineData("influxdb", "", "Url must be an absolute http(s) URL")]
    [InlineData("victoriametrics", "ftp://x", "Url must be an absolute http(s) URL")]
    public async Task A_bad_section_is_refused_with_what_to_fix(string kind, string url, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadingStoreFactory.CreateAsync(Section(("Kind", kind), ("Url", url)), "/tmp"));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Influxdb_and_victoriametrics_open_against_real_servers()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var victoria = await VictoriaMetricsFixture.StartAsync();

        await using var influxStore = await ReadingStoreFactory.CreateAsync(Section(("Kind", "influxdb"), ("Url", influx.Url.ToString()), ("Database", "factory")), "/tmp");
        await using var victoriaStore = await ReadingStoreFactory.CreateAsync(Section(("Kind", "VictoriaMetrics"), ("Url", victoria.Url.ToString())), "/tmp");

        Assert.IsType<InfluxReadingStore>(influxStore);
        Assert.IsType<VictoriaMetricsReadingStore>(victoriaStore);
        Assert.Equal(new StoreWriteResult(1, 0), await influxStore.Write("gw", Sample.Make(record: 1)));
        Assert.Equal(new StoreWriteResult(1, 0), await victoriaStore.Write("gw", Sample.Make(record: 1)));
        Assert.True(await influxStore.IsHealthyAsync());
        Assert.True(await victoriaStore.IsHealthyAsync());
    }
}
