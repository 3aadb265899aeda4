using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TelemetryGateway.Hub.Ambulances;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Infrastructure.AmbulanceUpdates;

namespace TelemetryGateway.Hub.Tests;

/// <summary>The ambulances survive a hub restart (<c>ambulances.db</c>, real SQLite file): same values, same
/// last-seen times, the ordering rule kept on disk, and an unusable file costs the file, never the view.</summary>
public sealed class AmbulanceStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private string DatabasePath => Path.Combine(_hub.DataDirectory, "ambulances.db");

    [Fact]
    public async Task After_a_restart_the_ambulances_are_served_with_the_same_values_and_last_seen_times()
    {
        await using (var gateway = await _hub.ConnectAsync())
        {
            Assert.Empty((await gateway.SendAndAckAsync(Readings.Batch(
                Position(1, "A12", T0, 47.30),
                Status(2, "A12", T0),
                Position(3, "A12", T0 + 1000, 47.31),
                Position(4, "B3", T0, 46.90, patient: null),
                Position(5, "A12", T0 - 5000, 47.00)))).Rejections);
        }
        var before = await AmbulancesAsync();

        await _hub.StopAsync();
        await _hub.RestartAsync();

        // Byte for byte the same answer, so the dashboard's "link lost since …" starts from the same last-seen time.
        Assert.Equal(before, await AmbulancesAsync());
        var a12 = JsonDocument.Parse(before).RootElement[0];
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 1040), a12.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(47.31, a12.GetProperty("position").GetProperty("lat").GetDouble());
        Assert.Equal("SPO2_LOW", a12.GetProperty("status").GetProperty("alarms")[0].GetProperty("code").GetString());
        Assert.True(_hub.Host.Metrics.Ambulances.Healthy);
    }

    [Fact]
    public async Task An_older_update_after_a_restart_does_not_replace_the_newer_stored_one()
    {
        await using (var gateway = await _hub.ConnectAsync())
        {
            await gateway.SendAndAckAsync(Readings.Batch(Position(1, "A12", T0 + 1000, 47.31)));
        }
        await _hub.StopAsync();
        await _hub.RestartAsync();

        // Another gateway replays an older fix of the same ambulance.
        await using (var replay = await _hub.ConnectAsync(TestHub.Gateway2, TestHub.Secret2))
        {
            await replay.SendAndAckAsync(Readings.Batch(Position(1, "A12", T0, 47.00)));
        }
        await _hub.StopAsync();
        await _hub.RestartAsync();

        var a12 = JsonDocument.Parse(await AmbulancesAsync()).RootElement[0];
        Assert.Equal(47.31, a12.GetProperty("position").GetProperty("lat").GetDouble());
        Assert.Equal(TestHub.Gateway1, a12.GetProperty("gatewayId").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 1040), a12.GetProperty("lastSeen").GetDateTimeOffset());
    }

    [Fact]
    public void The_file_keeps_the_newer_values_when_an_older_state_is_written_after_them()
    {
        var path = Path.Combine(_hub.DataDirectory, "order.db");
        using (var store = AmbulanceStore.Open(path))
        {
            store.Save([Record(T0 + 1000, 47.31, "gw-new")]);
            store.Save([Record(T0, 47.00, "gw-old")]);
        }
        using var reopened = AmbulanceStore.Open(path);
        var stored = Assert.Single(reopened.Load());
        Assert.Equal((47.31, T0 + 1000, T0 + 1040, "gw-new"), (stored.Position!.Latitude, stored.PositionTime, stored.LastSeenUnixMs, stored.GatewayId));
        Assert.Equal(["mon1"], stored.Devices);
    }

    [Fact]
    public async Task A_failing_write_is_counted_the_view_carries_on_and_the_next_update_writes_again()
    {
        await using var gateway = await _hub.ConnectAsync();
        await gateway.SendAndAckAsync(Readings.Batch(Position(1, "A12", T0, 47.30)));
        await UntilAsync(() => _hub.Host.Metrics.Ambulances.Written >= 1);

        // Every write of the real file fails, as on a full disk.
        Execute(DatabasePath, """
            CREATE TRIGGER full_insert BEFORE INSERT ON ambulances BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
            CREATE TRIGGER full_update BEFORE UPDATE ON ambulances BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
            """);
        await gateway.SendAndAckAsync(Readings.Batch(Position(2, "A12", T0 + 1000, 47.31)));
        await UntilAsync(() => _hub.Host.Metrics.Ambulances.Failures >= 1);
        Assert.False(_hub.Host.Metrics.Ambulances.Healthy);
        Assert.Contains("hub_ambulance_store_healthy 0\n", await _hub.Http.GetStringAsync("/metrics"));
        Assert.Equal(47.31, JsonDocument.Parse(await AmbulancesAsync()).RootElement[0].GetProperty("position").GetProperty("lat").GetDouble());

        Execute(DatabasePath, "DROP TRIGGER full_insert; DROP TRIGGER full_update;");
        await gateway.SendAndAckAsync(Readings.Batch(Position(3, "A12", T0 + 2000, 47.32)));
        await UntilAsync(() => _hub.Host.Metrics.Ambulances.Healthy);
        await gateway.DisposeAsync();
        await _hub.StopAsync();
        await _hub.RestartAsync();
        Assert.Equal(47.32, JsonDocument.Parse(await AmbulancesAsync()).RootElement[0].GetProperty("position").GetProperty("lat").GetDouble());
    }

    [Fact]
    public async Task An_unusable_store_file_is_counted_and_the_hub_serves_ambulances_from_memory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-tests-" + Guid.NewGuid().ToString("N"));
        // A directory where the file belongs: it cannot be opened as a database, not even by root.
        Directory.CreateDirectory(Path.Combine(directory, "ambulances.db"));
        try
        {
            await using var hub = await TestHub.StartAsync(dataDirectory: directory);
            Assert.Equal(1, hub.Host.Metrics.Ambulances.Failures);
            await using (var gateway = await hub.ConnectAsync())
            {
                Assert.Empty((await gateway.SendAndAckAsync(Readings.Batch(Position(1, "A12", T0, 47.30)))).Rejections);
            }
            var body = await hub.Http.GetFromJsonAsync<JsonElement>("/api/ambulances");
            Assert.Equal(["A12"], body.EnumerateArray().Select(a => a.GetProperty("unit").GetString()));
            var metrics = await hub.Http.GetStringAsync("/metrics");
            Assert.Contains("hub_ambulance_store_failures_total 1\n", metrics);
            Assert.Contains("hub_ambulance_store_healthy 0\n", metrics);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static AmbulanceRecord Record(long time, double lat, string gateway)
    {
        var update = Position(1, "A12", time, lat).Ambulance;
        return new AmbulanceRecord("A12", gateway, "P-0042", update.ReceivedUnixMs, ["mon1"], update.Position, time, null, null, long.MinValue);
    }

    private async Task<string> AmbulancesAsync() => await _hub.Http.GetStringAsync("/api/ambulances");

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // The writer runs in the background: wait for what it reports, up to a generous bound.
    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
