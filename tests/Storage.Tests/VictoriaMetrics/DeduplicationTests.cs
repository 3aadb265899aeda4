using TelemetryGateway.Storage.Backends;
using TelemetryGateway.Storage.VictoriaMetrics;
using TelemetryGateway.Storage.VictoriaMetrics.Internal;

namespace TelemetryGateway.Storage.Tests.VictoriaMetrics;

/// <summary>Exactly-once on VictoriaMetrics needs <c>-dedup.minScrapeInterval=1ms</c>: the store reads it from
/// the server's <c>/flags</c> and refuses to open without it unless told to start anyway with a warning.</summary>
public sealed class DeduplicationTests
{
    [Theory]
    [InlineData("-dedup.minScrapeInterval=\"1ms\"\n-httpListenAddr=\":8428\"\n", "1ms")]
    [InlineData("-httpListenAddr=\":8428\"\n-dedup.minScrapeInterval=\"1s\"", "1s")]
    [InlineData("-httpListenAddr=\":8428\"\n", null)]
    [InlineData("", null)]
    public void The_flag_is_read_from_the_flags_page(string page, string? expected) =>
        Assert.Equal(expected, VmDeduplication.ValueIn(page));

    [Theory]
    [InlineData("1ms", null)]
    [InlineData("0.001s", null)]
    [InlineData("1000us", null)]
    [InlineData(null, "runs without -dedup.minScrapeInterval")]
    [InlineData("0s", "rounds down to 0 ms")]
    [InlineData("500us", "rounds down to 0 ms")]
    [InlineData("2ms", "merged and lost")]
    [InlineData("1m30s", "merged and lost")]
    [InlineData("fast", "cannot read")]
    public void Only_exactly_one_millisecond_is_accepted(string? value, string? problem)
    {
        var found = VmDeduplication.Problem(value);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found);
        }
    }

    [Fact]
    public async Task Without_deduplication_the_store_refuses_to_open_and_says_which_flag_to_set()
    {
        await using var server = await VictoriaMetricsFixture.StartAsync(dedup: null);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            VictoriaMetricsReadingStore.OpenAsync(new VictoriaMetricsReadingStoreOptions { Url = server.Url }));
        Assert.Contains("-dedup.minScrapeInterval=1ms", error.Message);
        Assert.Contains("RequireDeduplication=false", error.Message);
    }

    [Fact]
    public async Task A_coarser_interval_is_refused_because_it_would_merge_different_readings()
    {
        await using var server = await VictoriaMetricsFixture.StartAsync(dedup: "1s");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            VictoriaMetricsReadingStore.OpenAsync(new VictoriaMetricsReadingStoreOptions { Url = server.Url }));
        Assert.Contains("merged and lost", error.Message);
    }

    [Fact]
    public async Task When_not_required_it_opens_with_a_warning_and_when_set_without_one()
    {
        await using (var server = await VictoriaMetricsFixture.StartAsync(dedup: null))
        await using (var store = await VictoriaMetricsReadingStore.OpenAsync(new VictoriaMetricsReadingStoreOptions { Url = server.Url, RequireDeduplication = false }))
        {
            Assert.Contains("-dedup.minScrapeInterval", Assert.Single(((IBackendStore)store).Warnings));
        }
        await using (var server = await VictoriaMetricsFixture.StartAsync())
        await using (var store = await VictoriaMetricsReadingStore.OpenAsync(new VictoriaMetricsReadingStoreOptions { Url = server.Url }))
        {
            Assert.Empty(store.Warnings);
            Assert.Equal("victoriametrics", store.Metrics.Backend);
        }
    }
}
