using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Gateway.Sources;
using TelemetryGateway.Gateway.Sources.Serial;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Serial.Accutorr;

namespace TelemetryGateway.Gateway.Tests.Serial;

/// <summary>
/// The Accutorr's last-result file: round trip, and a damaged file (empty after a power cut, garbage) read as no
/// state, logged and counted, instead of failing the poller at every start.
/// </summary>
public sealed class AccutorrStateTests : IDisposable
{
    private const string Device = "/dev/ttyBp";
    private readonly GatewayFixture _fixture = new();
    private readonly SerialSourceMetrics _metrics = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_saved_result_loads_back_and_leaves_no_temporary_file()
    {
        var state = State();
        var result = new AccutorrResult(2026120709570, DateTimeOffset.FromUnixTimeSeconds(1_796_637_420), 120, 80, 93, null, 97);
        await state.SaveAsync(result, CancellationToken.None);

        Assert.Equal(result, await State().LoadAsync(CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(_fixture.DataDirectory, "sources"), "*.tmp"));
        Assert.Equal(0, _metrics.Get(Device, "gateway_serial_state_errors_total"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("2026120709570 1796637420 120 80")]
    [InlineData("2026120709570 1796637420 120 80 93 x 97")]
    [InlineData("2026120709570 99999999999999999 120 80 93 - 97")]
    [InlineData("2026120709570 1796637420 120 80 93 99999999999 97")]
    public async Task A_damaged_file_is_counted_and_read_as_no_state(string content)
    {
        var state = State();
        await File.WriteAllTextAsync(Path.Combine(_fixture.DataDirectory, "sources", "accutorr-bp-1.cursor"), content);

        Assert.Null(await state.LoadAsync(CancellationToken.None));
        Assert.Equal(1, _metrics.Get(Device, "gateway_serial_state_errors_total"));

        // The next result saved replaces it.
        var result = new AccutorrResult(2026120709570, DateTimeOffset.FromUnixTimeSeconds(1_796_637_420), 120, 80, 93, 61, null);
        await state.SaveAsync(result, CancellationToken.None);
        Assert.Equal(result, await State().LoadAsync(CancellationToken.None));
    }

    [Fact]
    public void Syncing_a_directory_reaches_the_kernel_and_a_missing_one_is_an_error()
    {
        DurableFile.SyncDirectory(_fixture.DataDirectory);

        Assert.Throws<IOException>(() => DurableFile.SyncDirectory(Path.Combine(_fixture.DataDirectory, "missing")));
    }

    private AccutorrState State() => new(_fixture.DataDirectory, "bp-1", Device, _metrics, NullLogger.Instance);
}
