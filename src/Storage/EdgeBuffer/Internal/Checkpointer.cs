using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>
/// Copies committed WAL frames into the database file every interval, on a connection of its own, so that
/// commits never run a checkpoint (README.md, "Checkpoints"). PASSIVE never waits for readers or the writer:
/// it copies what it can, and the writer restarts the WAL from its beginning once a checkpoint has caught up.
/// </summary>
internal sealed class Checkpointer(string connectionString, TimeSpan interval, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(RunAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            DurableSqlite.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (SqliteException ex)
        {
            // A later tick tries again; meanwhile the WAL only grows.
            EdgeBufferLog.CheckpointFailed(logger, ex);
        }
    }
}
