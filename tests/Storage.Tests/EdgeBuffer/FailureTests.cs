using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

public sealed class FailureTests : IDisposable
{
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Disk_full_fails_the_append_keeps_committed_items_and_the_writer_recovers()
    {
        await using var buffer = await _fixture.OpenAsync();
        var kept = new[] { await buffer.Append(BufferPriority.Live, "k1"), await buffer.Append(BufferPriority.Alert, "k2") };

        // A page limit equal to the current size makes SQLite fail with SQLITE_FULL, as a full disk does.
        buffer.BeforeApply = (connection, transaction) => Pragma(connection, transaction, "PRAGMA max_page_count = 1");
        var error = await Assert.ThrowsAsync<BufferWriteException>(
            () => buffer.AppendAsync(BufferPriority.Alert, "big", new byte[256 * 1024]).WaitAsync(BufferFixture.Timeout));
        Assert.Equal(13, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode); // SQLITE_FULL

        Assert.Equal(kept, await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((2L, 2L, 1L), (stats.Count, stats.Appended, stats.FailedTransactions));

        buffer.BeforeApply = (connection, transaction) => Pragma(connection, transaction, "PRAGMA max_page_count = 1073741823");
        var after = await buffer.AppendAsync(BufferPriority.Alert, "big", new byte[256 * 1024]).WaitAsync(BufferFixture.Timeout);
        Assert.True(after > kept[^1]);
        Assert.Equal(3, (await buffer.GetStatsAsync()).Count);
    }

    [Fact]
    public async Task A_failed_batch_fails_every_caller_in_it_and_the_next_batch_commits()
    {
        await using var buffer = await _fixture.OpenAsync();
        var before = await buffer.Append(BufferPriority.Bulk, "before");

        buffer.BeforeApply = (_, _) => throw new IOException("injected I/O error");
        var failed = Enumerable.Range(0, 20).Select(i => buffer.Append(BufferPriority.Live, $"f{i}")).ToArray();
        foreach (var task in failed)
        {
            var error = await Assert.ThrowsAsync<BufferWriteException>(() => task);
            Assert.Contains("injected I/O error", error.Message);
        }

        buffer.BeforeApply = null;
        var after = await buffer.Append(BufferPriority.Live, "f0");
        Assert.Equal([before, after], await buffer.AllSequences());
        var stats = await buffer.GetStatsAsync();
        Assert.Equal((2L, 200L), (stats.Count, stats.Bytes));
        Assert.True(stats.FailedTransactions >= 1);
    }

    [Fact]
    public async Task A_damaged_file_is_refused_with_a_clear_exception()
    {
        await File.WriteAllBytesAsync(_fixture.Path, [.. Enumerable.Repeat((byte)0x5A, 8192)]);

        var error = await Assert.ThrowsAsync<BufferCorruptException>(() => _fixture.OpenAsync());
        Assert.Contains(_fixture.Path, error.Message);
    }

    [Fact]
    public async Task Append_cancelled_before_queueing_stores_nothing()
    {
        await using var buffer = await _fixture.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => buffer.AppendAsync(BufferPriority.Live, "c", [1], cancelled.Token));

        Assert.Empty(await buffer.AllSequences());
    }

    [Fact]
    public async Task Calls_after_dispose_fail_with_ObjectDisposedException()
    {
        var buffer = await _fixture.OpenAsync();
        await buffer.DisposeAsync();
        await buffer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => buffer.AppendAsync(BufferPriority.Live, "x", [1]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => buffer.AcknowledgeAsync([1]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => buffer.GetStatsAsync());
    }

    private static void Pragma(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
