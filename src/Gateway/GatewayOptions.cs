using Microsoft.Extensions.Configuration;

namespace TelemetryGateway.Gateway;

/// <summary>Settings of the edge gateway, bound from the configuration section "Gateway".</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>This gateway's identity at the hub (required).</summary>
    public string Id { get; set; } = "";

    /// <summary>Shared secret sent in Hello; empty when the gateway authenticates with a client certificate.</summary>
    public string? Secret { get; set; }

    /// <summary>Holds the buffer (buffer.db), the hub configuration and the sources' cursors.</summary>
    public string DataDirectory { get; set; } = "./data/gateway";

    /// <summary>The hub's gRPC address; https:// means TLS.</summary>
    public string HubUrl { get; set; } = "http://127.0.0.1:7400";

    /// <summary>Where /healthz and /metrics are served; port 0 picks a free port.</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:8081";

    /// <summary>Capacity of the durable buffer (payload + key bytes); beyond it the eviction policy applies.</summary>
    public long BufferCapacityBytes { get; set; } = 1L << 30;

    public GatewayTlsOptions Tls { get; set; } = new();

    /// <summary>Most readings per batch; the hub's Welcome may lower it.</summary>
    public int MaxBatchReadings { get; set; } = 2000;

    /// <summary>Most batches sent and not yet acknowledged.</summary>
    public int MaxInFlightBatches { get; set; } = 8;

    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>How often GatewayStatus is sent while connected.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Source specs, e.g. "gen:device=D,count=N,rate=R".</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>MQTT: an external broker to subscribe to and/or the embedded broker (Gateway:Mqtt).</summary>
    public Sources.Mqtt.MqttSourceOptions Mqtt { get; set; } = new();

    /// <summary>Bluetooth LE health devices through BlueZ (Gateway:Ble).</summary>
    public Sources.Ble.BleSourceOptions Ble { get; set; } = new();

    /// <summary>Serial meters on ttys (Gateway:Serial).</summary>
    public Sources.Serial.SerialSourceOptions Serial { get; set; } = new();

    /// <summary>Edge alert rules (Gateway:Alerts).</summary>
    public GatewayAlertOptions Alerts { get; set; } = new();

    /// <summary>Binds the "Gateway" section and validates it.</summary>
    /// <exception cref="GatewayConfigurationException">A setting is missing or invalid.</exception>
    public static GatewayOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new GatewayOptions();
        try
        {
            configuration.GetSection(SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new GatewayConfigurationException($"Invalid Gateway settings: {ex.Message}", ex);
        }

        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="GatewayConfigurationException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Id), "Gateway:Id is required (the gateway's identity at the hub).");
        Require(!string.IsNullOrWhiteSpace(DataDirectory), "Gateway:DataDirectory must not be empty.");
        Require(IsHttpUrl(HubUrl), $"Gateway:HubUrl must be an http:// or https:// URL, not '{HubUrl}'.");
        Require(IsHttpUrl(HttpUrl), $"Gateway:HttpUrl must be an http:// URL, not '{HttpUrl}'.");
        Require(BufferCapacityBytes > 0, "Gateway:BufferCapacityBytes must be positive.");
        Require(MaxBatchReadings >= 1, "Gateway:MaxBatchReadings must be at least 1.");
        Require(MaxInFlightBatches >= 1, "Gateway:MaxInFlightBatches must be at least 1.");
        Require(Reconnect.InitialDelay > TimeSpan.Zero, "Gateway:Reconnect:InitialDelay must be positive.");
        Require(Reconnect.MaxDelay >= Reconnect.InitialDelay, "Gateway:Reconnect:MaxDelay must not be below InitialDelay.");
        Require(StatusInterval > TimeSpan.Zero, "Gateway:StatusInterval must be positive.");
        Require(Alerts.TickInterval > TimeSpan.Zero, "Gateway:Alerts:TickInterval must be positive.");
        Require(Tls.ClientCertificatePath is null == Tls.ClientKeyPath is null,
            "Gateway:Tls:ClientCertificatePath and Gateway:Tls:ClientKeyPath go together.");
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new GatewayConfigurationException(message);
        }
    }
}

/// <summary>TLS material for the hub connection, as PEM files.</summary>
public sealed class GatewayTlsOptions
{
    /// <summary>The private CA that issued the hub's certificate; unset uses the system trust store.</summary>
    public string? CaPath { get; set; }

    /// <summary>Client certificate for mutual TLS.</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientKeyPath { get; set; }
}

/// <summary>The gateway's own alert rules (docs/alerts.md); the thresholds come from the hub.</summary>
public sealed class GatewayAlertOptions
{
    /// <summary>Judge every accepted reading at the edge (default). Off only for load tests of the bare delivery path.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the rules' clock ticks: stale feeds, missed follow-ups, lone BP halves.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Backoff between connection attempts (jittered exponential).</summary>
public sealed class ReconnectOptions
{
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A gateway setting is missing or invalid; the message names it.</summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException(string message) : base(message) { }

    public GatewayConfigurationException(string message, Exception inner) : base(message, inner) { }
}
