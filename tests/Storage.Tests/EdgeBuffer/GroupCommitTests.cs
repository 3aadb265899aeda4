using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class GroupCommitTests : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Concurrent_appends_get_distinct_sequences_in_fewer_transactions()
    {
        const int appends = 1000;
        await using var buffer = await _fixture.OpenAsync();
        var before = buffer.CommittedTransactions;

        var tasks = Enumerable.Range(0, appends)
            .Select(i => Task.Run(() => buffer.Append((BufferPriority)(i % 3), $"k{i}")))
            .ToArray();
        var sequences = await Task.WhenAll(tasks).WaitAsync(BufferFixture.Timeout);

        Assert.Equal(appends, sequences.Distinct().Count());
        var transactions = buffer.CommittedTransactions - before;
        Assert.InRange(transactions, 1, appends - 1);
        Assert.Equal(sequences.Order(), await buffer.AllSequences());

        var stats = await buffer.GetStatsAsync();
        Assert.Equal(appends, stats.Appended);
        Assert.Equal(appends, stats.Count);
    }

    [Fact]
    public async Task Each_caller_gets_the_sequence_of_its_own_item()
    {
        await using var buffer = await _fixture.OpenAsync();
        var keys = Enumerable.Range(0, 200).Select(i => $"own-{i}").ToArray();
        var sequences = await Task.WhenAll(keys.Select(k => buffer.Append(BufferPriority.Live, k)));

        var items = await buffer.ReadBatchAsync(0, null, 1000, long.MaxValue);
        var keyBySequence = items.ToDictionary(i => i.Sequence, i => i.DedupKey);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(keys[i], keyBySequence[sequences[i]]);
        }
    }

    [Fact]
    public async Task Dispose_commits_appends_already_queued()
    {
        Task<long>[] pending;
        await using (var buffer = await _fixture.OpenAsync())
        {
            pending = [.. Enumerable.Range(0, 100).Select(i => buffer.AppendAsync(BufferPriority.Bulk, $"q{i}", [1, 2, 3]))];
        }

        var sequences = await Task.WhenAll(pending).WaitAsync(BufferFixture.Timeout);
        await using var reopened = await _fixture.OpenAsync();
        Assert.Equal(sequences.Order(), await reopened.AllSequences());
    }
}
