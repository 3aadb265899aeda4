using Microsoft.Data.Sqlite;

namespace TelemetryGateway.Storage.Sqlite;

/// <summary>
/// Copies committed WAL frames into the database file every interval, on a connection of its own, so that
/// commits do not run the checkpoint (which fsyncs the database file and can take a hundred milliseconds or
/// more on a busy disk). PASSIVE never waits for readers or the writer: it copies what it can, and the writer
/// restarts the WAL from its beginning once a checkpoint has caught up.
/// </summary>
/// <param name="connectionString">A read-write connection to the database (a checkpoint writes the file).</param>
/// <param name="failed">Told of a failed checkpoint; the next tick tries again.</param>
internal sealed class WalCheckpointer(string connectionString, TimeSpan interval, TimeProvider time, Action<SqliteException> failed) : IAsyncDisposable
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
            failed(ex);
        }
    }
}
