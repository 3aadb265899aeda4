using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.Tests.SeriesStore;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>The whole <see cref="IReadingStore"/> contract against a real influxd, one database per test.</summary>
public sealed class InfluxReadingStoreContractTests(InfluxFixture fixture) : ReadingStoreContract, IClassFixture<InfluxFixture>
{
    private readonly InfluxReadingStoreOptions _options = fixture.Options();

    protected override StoreClock Clock { get; } = new(Sample.T0);

    protected override async Task<IReadingStore> OpenStoreAsync() =>
        await InfluxReadingStore.OpenAsync(_options, Clock).WaitAsync(StoreFixture.Timeout);

    protected override void DisposeBackend()
    {
        // The database goes with the fixture's temporary directory when the class is done.
    }
}
