namespace TelemetryGateway.Mqtt.Tests.Infrastructure;

/// <summary>How <see cref="MosquittoBroker"/> configures the real mosquitto it starts.</summary>
public sealed record MosquittoOptions
{
    /// <summary>mosquitto's <c>allow_anonymous</c>; false needs <see cref="Users"/>.</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>User name → password, written with <c>mosquitto_passwd -b</c> into a password file.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Adds a TLS listener (<see cref="MosquittoBroker.TlsPort"/>) with the test CA's server certificate.</summary>
    public bool Tls { get; init; }

    /// <summary>The TLS listener demands a client certificate signed by the test CA.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Keeps sessions and queued messages in a file so they survive <see cref="MosquittoBroker.RestartAsync"/>.</summary>
    public bool Persistence { get; init; } = true;

    /// <summary>mosquitto's <c>max_queued_messages</c> per offline persistent session (its default is 1000).</summary>
    public int MaxQueuedMessages { get; init; } = 100_000;

    /// <summary>Further configuration lines, appended verbatim.</summary>
    public IReadOnlyList<string> ExtraConfiguration { get; init; } = [];
}
