namespace TelemetryGateway.Gateway.Sources;

/// <summary>Something that produces readings and hands them to the sink (a generator, a device adapter).</summary>
public interface IGatewaySource
{
    /// <summary>The spec it was created from, for logs.</summary>
    string Name { get; }

    /// <summary>
    /// Produces readings until done (a finite source returns) or <paramref name="ct"/> is cancelled
    /// (then it throws OperationCanceledException).
    /// </summary>
    Task RunAsync(IReadingSink sink, CancellationToken ct);

    /// <summary>
    /// Appends this source's own samples (Prometheus text, names starting "gateway_") to /metrics: frames,
    /// format errors, silent devices. Nothing by default.
    /// </summary>
    void AppendMetrics(System.Text.StringBuilder text)
    {
    }
}
