using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.Tests.SeriesStore;
using TelemetryGateway.Storage.VictoriaMetrics;

namespace TelemetryGateway.Storage.Tests.VictoriaMetrics;

/// <summary>The <see cref="IReadingStore"/> contract against a real victoria-metrics, one measurement per test.</summary>
public sealed class VictoriaMetricsReadingStoreContractTests(VictoriaMetricsFixture fixture) : ReadingStoreContract, IClassFixture<VictoriaMetricsFixture>
{
    private readonly VictoriaMetricsReadingStoreOptions _options = fixture.Options();

    protected override StoreClock Clock { get; } = new(Sample.T0);

    protected override async Task<IReadingStore> OpenStoreAsync() =>
        await VictoriaMetricsReadingStore.OpenAsync(_options, Clock).WaitAsync(StoreFixture.Timeout);

    protected override void DisposeBackend()
    {
        // The data goes with the fixture's temporary directory when the class is done.
    }
}
