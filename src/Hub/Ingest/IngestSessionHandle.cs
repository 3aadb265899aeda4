namespace TelemetryGateway.Hub;

/// <summary>What others may do to a running ingest stream: replace it with a newer stream of the same gateway.</summary>
internal sealed class IngestSessionHandle(CancellationTokenSource abort)
{
    private volatile bool _replaced;

    /// <summary>True once a newer stream of the same gateway took over.</summary>
    public bool Replaced => _replaced;

    /// <summary>Ends the stream: reading, writing and its pending store writes are cancelled.</summary>
    public void Replace()
    {
        _replaced = true;
        try
        {
            abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream already ended.
        }
    }
}
