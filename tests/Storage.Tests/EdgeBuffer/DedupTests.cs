using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class DedupTests : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Appending_a_buffered_key_again_returns_the_original_sequence_and_stores_nothing()
    {
        await using var buffer = await _fixture.OpenAsync();
        var first = await buffer.Append(BufferPriority.Bulk, "meter-9/rec-17");
        var again = await buffer.Append(BufferPriority.Bulk, "meter-9/rec-17");

        Assert.Equal(first, again);
        Assert.Equal([first], await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((1L, 1L, 1L), (stats.Count, stats.Appended, stats.Duplicates));
    }

    [Fact]
    public async Task Duplicates_inside_one_batch_collapse_to_one_item()
    {
        await using var buffer = await _fixture.OpenAsync();
        var sequences = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => buffer.Append(BufferPriority.Live, "same")));

        Assert.Single(sequences.Distinct());
        Assert.Single(await buffer.AllSequences());
    }

    [Fact]
    public async Task After_acknowledgement_the_key_is_free_and_gets_a_new_sequence()
    {
        await using var buffer = await _fixture.OpenAsync();
        var first = await buffer.Append(BufferPriority.Live, "k");
        await buffer.AcknowledgeAsync([first]);

        var second = await buffer.Append(BufferPriority.Live, "k");

        Assert.True(second > first);
    }
}
