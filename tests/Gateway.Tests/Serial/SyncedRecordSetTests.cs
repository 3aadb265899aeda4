using TelemetryGateway.Gateway.Sources.Serial;
using TelemetryGateway.Gateway.Tests.Infrastructure;

namespace TelemetryGateway.Gateway.Tests.Serial;

/// <summary>The file of a meter's synced results: round trip, a write cut before its rename, a damaged file.</summary>
public sealed class SyncedRecordSetTests : IDisposable
{
    private readonly GatewayFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_saved_set_loads_back_and_a_write_cut_before_its_rename_leaves_the_previous_one()
    {
        var set = new SyncedRecordSet(_fixture.DataDirectory, "7390-FILE/1");
        await set.SaveAsync([20261101073001, 20261101113001], CancellationToken.None);
        // A gateway killed mid-write leaves only the temporary file: the saved set is untouched.
        await File.WriteAllTextAsync(set.FilePath + ".tmp", "2026110");

        var loaded = await new SyncedRecordSet(_fixture.DataDirectory, "7390-FILE/1").LoadAsync(CancellationToken.None);

        Assert.Equal([20261101073001L, 20261101113001L], loaded.Order());
        Assert.EndsWith("serial-7390-FILE_1.records", set.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_file_is_an_error_naming_the_file_and_line_not_an_empty_set()
    {
        var set = new SyncedRecordSet(_fixture.DataDirectory, "7390-FILE2");
        await File.WriteAllTextAsync(set.FilePath, "20261101073001\nnot a number\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => set.LoadAsync(CancellationToken.None));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(set.FilePath, error.Message, StringComparison.Ordinal);
    }
}
