using Microsoft.Data.Sqlite;
using SQLitePCL;
using TelemetryGateway.Storage.SeriesStore.Internal;
using TelemetryGateway.Storage.Sqlite;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

/// <summary>Two processes opening one schema-1 file at once (a hub and its CLI, or a restart overlapping the old
/// process): both must open, and the upgrade must run once.</summary>
public sealed class SqliteUpgradeRaceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tg-upgrade-race-").FullName;

    private string DbPath => Path.Combine(_directory, "readings.db");

    [Fact]
    public async Task A_second_opener_that_read_the_old_version_before_the_first_upgraded_still_opens()
    {
        CreateSchemaOneFile();
        using var firstHoldsLock = new ManualResetEventSlim();
        using var secondAtBegin = new ManualResetEventSlim();
        var firstWaited = true;
        // The interleaving, forced through SQLite's statement trace: the first opener takes the write lock and stops
        // before its upgrade; the second reads user_version (still 1) and asks for the lock; only then does the
        // first upgrade and commit, and the second gets the lock on a file that is already at version 2.
        var first = Task.Run(() => DurableSqlite.OpenWriter(Spec(sql =>
        {
            if (sql.StartsWith("ALTER", StringComparison.Ordinal) && !firstHoldsLock.IsSet)
            {
                firstHoldsLock.Set();
                firstWaited = secondAtBegin.Wait(StoreFixture.Timeout);
            }
        })));
        Assert.True(await Task.Run(() => firstHoldsLock.Wait(StoreFixture.Timeout)), "the first opener never reached its upgrade");
        var second = Task.Run(() => DurableSqlite.OpenWriter(Spec(sql =>
        {
            if (sql.StartsWith("BEGIN", StringComparison.Ordinal))
            {
                secondAtBegin.Set();
            }
        })));

        using var firstConnection = await first.WaitAsync(StoreFixture.Timeout);
        using var secondConnection = await second.WaitAsync(StoreFixture.Timeout);

        Assert.True(firstWaited, "the second opener never asked for the write lock; the test proves nothing");
        Assert.Equal(2L, DurableSqlite.Scalar(secondConnection, "PRAGMA user_version"));
        Assert.Equal(2L, DurableSqlite.Scalar(secondConnection, "SELECT count(*) FROM pragma_table_info('readings') WHERE name LIKE 'device_time%'"));
        Assert.Equal(1L, DurableSqlite.Scalar(secondConnection, "SELECT count(*) FROM readings"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The series store's schema, with <paramref name="trace"/> seeing each statement as it starts.</summary>
    private DurableSqliteSpec Spec(Action<string> trace) =>
        new(DbPath, "series store", SqliteSchema.Version, SqliteSchema.Create, (message, inner) => new InvalidDataException(message, inner))
        {
            Upgrades = SqliteSchema.Upgrades,
            Configure = connection => raw.sqlite3_trace(connection.Handle, (_, sql) => trace(sql.utf8_to_string()), null),
        };

    /// <summary>A file as the first release left it: schema 1 with one reading, in WAL mode.</summary>
    private void CreateSchemaOneFile()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        DurableSqlite.Execute(connection, "PRAGMA journal_mode = WAL");
        DurableSqlite.Execute(connection, SqliteReadingStoreTests.SchemaOneWithOneReading);
    }
}
