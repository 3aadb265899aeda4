namespace TelemetryGateway.Grpc.Client;

/// <summary>Per-call settings.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    string? RequestEncoding = null,
    WriteOptions? WriteOptions = null)
{
    /// <summary>A deadline <paramref name="timeout"/> from now (UTC).</summary>
    public static CallOptions WithTimeout(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        new(Deadline: DateTime.UtcNow + timeout, CancellationToken: cancellationToken);
}
