using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

/// <summary>A temporary directory holding one buffer file, removed afterwards.</summary>
public sealed class BufferFixture : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public BufferFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("edgebuffer-").FullName;
        Path = System.IO.Path.Combine(Directory, "buffer.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public Task<EdgeBufferStore> OpenAsync(long capacityBytes = 1L << 30) =>
        EdgeBufferStore.OpenAsync(
            new EdgeBufferOptions { Path = Path, CapacityBytes = capacityBytes }, Time).WaitAsync(Timeout);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the OS temp cleaner rather than hide the test's own outcome.
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

internal static class BufferTestExtensions
{
    /// <summary>Appends an item whose counted size (key plus payload) is exactly <paramref name="itemSize"/>.</summary>
    public static Task<long> Append(this EdgeBufferStore buffer, BufferPriority priority, string key, int itemSize = 100) =>
        buffer.AppendAsync(priority, key, new byte[itemSize - key.Length]).WaitAsync(BufferFixture.Timeout);

    public static async Task<long[]> AllSequences(this EdgeBufferStore buffer)
    {
        var items = await buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue).WaitAsync(BufferFixture.Timeout);
        return [.. items.Select(i => i.Sequence)];
    }
}
