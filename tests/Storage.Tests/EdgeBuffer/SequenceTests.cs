using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class SequenceTests : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Sequences_increase_strictly_across_reopen_and_are_never_reused_after_deletion()
    {
        var seen = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            await using var buffer = await _fixture.OpenAsync();
            for (var i = 0; i < 5; i++)
            {
                seen.Add(await buffer.Append(BufferPriority.Live, $"r{round}-{i}"));
            }

            // Acknowledge everything, including the newest: its number must still not come back.
            Assert.Equal(5, await buffer.AcknowledgeAsync(seen.TakeLast(5)).WaitAsync(BufferFixture.Timeout));
        }

        Assert.Equal(15, seen.Count);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second > p.First), string.Join(",", seen));
    }

    [Fact]
    public async Task Last_sequence_survives_reopen_in_stats()
    {
        long last;
        await using (var buffer = await _fixture.OpenAsync())
        {
            await buffer.Append(BufferPriority.Bulk, "a");
            last = await buffer.Append(BufferPriority.Bulk, "b");
        }

        await using var reopened = await _fixture.OpenAsync();
        var stats = await reopened.GetStatsAsync();
        Assert.Equal(last, stats.LastSequence);
        Assert.Equal(2, stats.Count);
    }
}
