using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Tests.SeriesStore;

/// <summary>The <see cref="IReadingStore"/> contract, run against every backend (one derived class each).</summary>
/// <remarks>Split into partial files by concern: round trip, idempotency, queries, latest, persistence.</remarks>
public abstract partial class ReadingStoreContract : IAsyncLifetime
{
    /// <summary>The store under test, opened fresh (empty) for each test.</summary>
    protected IReadingStore Store { get; private set; } = null!;

    /// <summary>Hub clock handed to the store; <see cref="StoredReading.StoredAt"/> comes from it.</summary>
    protected abstract StoreClock Clock { get; }

    /// <summary>Opens the backend's store over the same data as any earlier open in this test.</summary>
    protected abstract Task<IReadingStore> OpenStoreAsync();

    /// <summary>Closes <see cref="Store"/> and opens it again on the same data.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await OpenStoreAsync();
    }

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        DisposeBackend();
    }

    /// <summary>Removes whatever the backend left behind (files, databases).</summary>
    protected abstract void DisposeBackend();
}
