using Microsoft.Data.Sqlite;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

/// <summary>The contract against <see cref="SqliteReadingStore"/>, plus what only the SQLite file can show.</summary>
public sealed class SqliteReadingStoreTests : ReadingStoreContract
{
    private readonly StoreFixture _fixture = new();

    protected override StoreClock Clock => _fixture.Clock;

    protected override async Task<IReadingStore> OpenStoreAsync() => await _fixture.OpenAsync();

    protected override void DisposeBackend() => _fixture.Dispose();

    [Theory]
    [InlineData(new[] { 0, 32767, -32768 }, 2)]
    [InlineData(new[] { 0, 32768, -5 }, 4)]
    [InlineData(new[] { -32769 }, 4)]
    public async Task Waveform_samples_are_one_blob_per_chunk_at_the_narrowest_width(int[] samples, int width)
    {
        var reading = Sample.Make(record: 1) with
        {
            Kind = "ecg.II",
            Unit = "uV",
            Waveform = new Waveform { Lead = "II", SampleRateHz = 500, StartTime = Sample.T0, Samples = samples },
        };
        await Store.Write("gw", reading);

        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), wave_width, length(wave_samples), hex(wave_samples) FROM readings";
        using var row = command.ExecuteReader();
        Assert.True(row.Read());

        Assert.Equal(1, row.GetInt64(0));
        Assert.Equal(width, row.GetInt32(1));
        Assert.Equal(samples.Length * width, row.GetInt32(2));
        Assert.Equal(LittleEndianHex(samples, width), row.GetString(3));
    }

    [Fact]
    public async Task Committed_readings_reach_the_database_file_by_a_background_checkpoint()
    {
        var initial = new FileInfo(_fixture.Path).Length;
        await Store.Write("gw", [.. Enumerable.Range(1, 5000).Select(i => Sample.Make(record: i, measured: Sample.T0.AddMinutes(i)))]);

        // 5000 readings are far below the commit's own checkpoint threshold (10,000 WAL pages), so only the
        // background checkpointer can have copied them out of the WAL into the file.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (new FileInfo(_fixture.Path).Length < initial + 256 * 1024 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(new FileInfo(_fixture.Path).Length >= initial + 256 * 1024,
            $"the database file stayed at {new FileInfo(_fixture.Path).Length} bytes (from {initial}); the WAL was never checkpointed");
        Assert.Equal(5000, (await Store.Query(new ReadingQuery { Limit = ReadingQuery.MaxLimit })).Count);
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode_with_a_unique_key_index_and_both_time_indexes()
    {
        using var connection = OpenRaw();

        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(2L, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal(
            ["readings_by_device", "readings_by_patient", "sqlite_autoindex_readings_1"],
            Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'readings' ORDER BY name"));
        Assert.Equal(
            ["key_value", "device", "kind", "key_basis"],
            Rows(connection, "SELECT name FROM pragma_index_info('sqlite_autoindex_readings_1') ORDER BY seqno"));
        Assert.Equal(1L, Scalar(connection, "SELECT \"unique\" FROM pragma_index_list('readings') WHERE name = 'sqlite_autoindex_readings_1'"));
        Assert.Equal(
            ["device", "kind", "t"],
            Rows(connection, "SELECT name FROM pragma_index_info('readings_by_device') ORDER BY seqno"));
        Assert.Equal(
            ["patient", "kind", "t"],
            Rows(connection, "SELECT name FROM pragma_index_info('readings_by_patient') ORDER BY seqno"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Flags_are_stored_as_their_integer()
    {
        await Store.Write("gw", Sample.Make(record: 1) with { Flags = ReadingFlags.IrregularPulse | ReadingFlags.CriticalHigh });

        using var connection = OpenRaw();

        Assert.Equal((1L << 3) | (1L << 25), Scalar(connection, "SELECT flags FROM readings"));
        Assert.Equal("integer", Scalar(connection, "SELECT typeof(flags) FROM readings"));
    }

    [Fact]
    public async Task A_completed_write_is_visible_to_another_connection_without_closing_the_store()
    {
        await Store.Write("gw", Sample.Make(record: 1), Sample.Make(record: 2));

        using var connection = OpenRaw();

        Assert.Equal(2L, Scalar(connection, "SELECT count(*) FROM readings"));
    }

    [Fact]
    public async Task A_batch_cancelled_part_way_stores_none_of_it_and_can_be_retried()
    {
        using var cancel = new CancellationTokenSource();
        var readings = Enumerable.Range(1, 10).Select(i => Sample.Make(record: i)).ToArray();
        // The store reads each element once to check it and once to insert it; cancelling on the second
        // read of element 6 fires inside the open transaction, after elements 0-6 were inserted.
        var batch = new CancelOnSecondVisit(readings, index: 6, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(batch, "gw", cancel.Token));
        var countAfterCancel = await Store.Count();
        var retry = await Store.Write("gw", readings);

        Assert.True(batch.Cancelled, "the batch was not cancelled part way; the test proves nothing");
        Assert.Equal(0, countAfterCancel);
        Assert.Equal(new StoreWriteResult(10, 0), retry);
        Assert.True(await Store.IsHealthyAsync());
    }

    [Fact]
    public async Task A_batch_cancelled_while_committed_together_with_others_leaves_the_others_stored()
    {
        using var cancel = new CancellationTokenSource();
        // A large batch keeps the writer busy so that the next two are likely queued into one commit;
        // the outcome asserted below must hold whether or not they were.
        var busy = Enumerable.Range(1, 15_000).Select(i => Sample.Make(device: "busy", record: i)).ToArray();
        var doomed = Enumerable.Range(1, 10).Select(i => Sample.Make(device: "doomed", record: i)).ToArray();
        var fine = Enumerable.Range(1, 10).Select(i => Sample.Make(device: "fine", record: i)).ToArray();

        var busyTask = Store.WriteAsync(busy, "gw-1");
        var doomedTask = Store.WriteAsync(new CancelOnSecondVisit(doomed, index: 4, cancel), "gw-2", cancel.Token);
        var fineTask = Store.WriteAsync(fine, "gw-3");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doomedTask.WaitAsync(StoreFixture.Timeout));
        Assert.Equal(new StoreWriteResult(15_000, 0), await busyTask.WaitAsync(StoreFixture.Timeout));
        Assert.Equal(new StoreWriteResult(10, 0), await fineTask.WaitAsync(StoreFixture.Timeout));
        Assert.Equal(0, await Store.Count(new ReadingQuery { DeviceId = "doomed" }));
        Assert.Equal(15_010, await Store.Count());
    }

    [Fact]
    public async Task Disposing_stores_the_batches_already_queued_before_closing()
    {
        var tasks = Enumerable.Range(0, 20)
            .Select(g => Store.WriteAsync([.. Enumerable.Range(1, 100).Select(i => Sample.Make(device: $"dev-{g}", record: i))], $"gw-{g}"))
            .ToArray();

        await Store.DisposeAsync();
        var results = await Task.WhenAll(tasks).WaitAsync(StoreFixture.Timeout);
        await ReopenAsync();

        Assert.All(results, r => Assert.Equal(new StoreWriteResult(100, 0), r));
        Assert.Equal(2000, await Store.Count());
    }

    [Fact]
    public async Task Opening_a_file_that_is_not_a_database_fails_clearly()
    {
        var path = Path.Combine(_fixture.Directory, "garbage.db");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Repeat((byte)0x5A, 8192)]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => SqliteReadingStore.OpenAsync(new SqliteReadingStoreOptions { Path = path }).WaitAsync(StoreFixture.Timeout));

        Assert.Contains("garbage.db", error.Message);
    }

    [Fact]
    public async Task Opening_a_file_with_a_newer_schema_is_refused()
    {
        await Store.DisposeAsync();
        using (var connection = OpenRaw(SqliteOpenMode.ReadWrite))
        {
            Scalar(connection, "PRAGMA user_version = 3");
        }
        SqliteConnection.ClearAllPools();

        await Assert.ThrowsAsync<NotSupportedException>(() => OpenStoreAsync());
    }

    [Fact]
    public async Task A_schema_1_database_is_upgraded_in_place_keeping_its_readings_and_then_stores_device_times()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_fixture.Path + suffix);
        }
        using (var connection = OpenRaw(SqliteOpenMode.ReadWriteCreate))
        using (var command = connection.CreateCommand())
        {
            // The file as the first release left it: its schema verbatim, one reading, user_version 1.
            command.CommandText = SchemaOneWithOneReading;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        await ReopenAsync();
        var old = Assert.Single(await Store.Query(new ReadingQuery()));
        var audited = Sample.Make(record: 8, measured: Sample.T0.AddMinutes(1)) with { DeviceTime = Sample.T0.AddMinutes(-29) };
        var written = await Store.Write("gw-2", audited);
        var replay = await Store.Write("gw-2", Sample.Make(record: 7, measured: Sample.T0) with { DeviceTime = Sample.T0.AddHours(-1) });
        await ReopenAsync(); // opening an upgraded file again must not upgrade it twice
        var back = (await Store.Query(new ReadingQuery { Order = QueryOrder.OldestFirst })).Select(s => s.Reading).ToArray();

        Assert.Equal(Sample.Make(record: 7, measured: Sample.T0), old.Reading);
        Assert.Null(old.Reading.DeviceTime);
        Assert.Equal("gw-1", old.GatewayId);
        Assert.Equal(new StoreWriteResult(1, 0), written);
        Assert.Equal(new StoreWriteResult(0, 1), replay); // keys are unchanged by the upgrade and by the device time
        Assert.Equal([old.Reading, audited], back);
        using var raw = OpenRaw();
        Assert.Equal(2L, Scalar(raw, "PRAGMA user_version"));
        Assert.Equal(["device_time", "device_time_offset"], Rows(raw, "SELECT name FROM pragma_table_info('readings') WHERE name LIKE 'device_time%' ORDER BY cid"));
    }

    /// <summary>Schema 1 exactly as SqliteSchema.Create had it, and a reading (Sample.Make(record: 7, measured: T0)) in it.</summary>
    internal const string SchemaOneWithOneReading = """
        CREATE TABLE readings (
            id               INTEGER PRIMARY KEY,
            device           TEXT    NOT NULL,
            kind             TEXT    NOT NULL,
            key_basis        INTEGER NOT NULL,
            key_value        INTEGER NOT NULL,
            patient          TEXT,
            t                INTEGER NOT NULL,
            value            REAL    NOT NULL,
            unit             TEXT    NOT NULL,
            source           INTEGER NOT NULL,
            priority         INTEGER NOT NULL,
            flags            INTEGER NOT NULL,
            record           INTEGER,
            measured         INTEGER,
            measured_offset  INTEGER,
            received         INTEGER NOT NULL,
            received_offset  INTEGER NOT NULL,
            reported_value   REAL,
            reported_unit    TEXT,
            wave_lead        TEXT,
            wave_rate        REAL,
            wave_resolution  REAL,
            wave_start       INTEGER,
            wave_start_offset INTEGER,
            wave_width       INTEGER CHECK (wave_width IN (2, 4)),
            wave_samples     BLOB,
            stored           INTEGER NOT NULL,
            gateway          TEXT    NOT NULL,
            UNIQUE (key_value, device, kind, key_basis)
        );
        CREATE INDEX readings_by_patient ON readings (patient, kind, t);
        CREATE INDEX readings_by_device ON readings (device, kind, t);
        -- key_basis 0 = record number; 638764128000000000 = 2025-03-01T08:00:00Z in UTC ticks; source 1 = BLE, priority 1 = live.
        INSERT INTO readings (device, kind, key_basis, key_value, patient, t, value, unit, source, priority, flags, record,
            measured, measured_offset, received, received_offset, stored, gateway)
        VALUES ('AA:BB:CC:DD:EE:01', 'bp.systolic', 0, 7, 'patient-1', 638764128000000000, 120, 'mm[Hg]', 1, 1, 0, 7,
            638764128000000000, 0, 638764128050000000, 0, 638764128000000000, 'gw-1');
        PRAGMA user_version = 1;
        """;

    private SqliteConnection OpenRaw(SqliteOpenMode mode = SqliteOpenMode.ReadOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _fixture.Path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var row = command.ExecuteReader();
        var names = new List<string>();
        while (row.Read())
        {
            names.Add(row.GetString(0));
        }
        return names;
    }

    /// <summary>The expected blob, spelled out independently of the store's codec.</summary>
    private static string LittleEndianHex(int[] samples, int width) =>
        string.Concat(samples.Select(s => string.Concat(
            Enumerable.Range(0, width).Select(b => ((byte)(s >> (8 * b))).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>A batch that cancels its token the second time element <c>index</c> is read.</summary>
    private sealed class CancelOnSecondVisit(Reading[] readings, int index, CancellationTokenSource cancel) : IReadOnlyList<Reading>
    {
        private int _visits;

        public bool Cancelled => cancel.IsCancellationRequested;

        public int Count => readings.Length;

        public Reading this[int i]
        {
            get
            {
                if (i == index && ++_visits == 2)
                {
                    cancel.Cancel();
                }
                return readings[i];
            }
        }

        public IEnumerator<Reading> GetEnumerator() => ((IEnumerable<Reading>)readings).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => readings.GetEnumerator();
    }
}
