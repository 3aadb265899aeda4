namespace TelemetryGateway.Gateway.Sources.Mqtt;

/// <summary>Settings of the gateway's MQTT source (section Gateway:Mqtt): an external broker to subscribe to
/// (<see cref="BrokerUrl"/>), the embedded broker (<see cref="Listen"/>), or both. Nothing configured: no MQTT source.</summary>
public sealed class MqttSourceOptions
{
    // --- external broker (our client subscribes) ---

    /// <summary>mqtt://host:port (default port 1883) or mqtts://host:port (TLS, default 8883); null: no external broker.</summary>
    public string? BrokerUrl { get; set; }

    /// <summary>Client id at the external broker; default "tg-{Gateway:Id}". Stable, so that the persistent
    /// session (and the QoS 1 messages queued in it while we were away) is found again.</summary>
    public string? ClientId { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>PEM CA that issued the broker's certificate (mqtts); unset uses the system trust store.</summary>
    public string? CaPath { get; set; }

    /// <summary>PEM client certificate and key for mutual TLS.</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientKeyPath { get; set; }

    /// <summary>Topic filters to subscribe to.</summary>
    public List<string> Topics { get; set; } = ["ambulance/#"];

    /// <summary>Subscription QoS: 1 (default) so that nothing is lost between broker and buffer; 0 allowed.</summary>
    public int Qos { get; set; } = 1;

    /// <summary>MQTT protocol version: 4 (3.1.1) or 5.</summary>
    public int ProtocolVersion { get; set; } = 4;

    /// <summary>How long the external broker keeps our session (subscriptions, queued QoS 1 messages) while the
    /// gateway is away; MQTT 5 Session Expiry Interval (3.1.1 sessions do not expire at all).</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Keep-alive interval sent in CONNECT.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    // --- embedded broker ---

    /// <summary>Where the embedded broker listens, "host:port" (several separated by commas; port 0 picks a free
    /// one); null or empty: no embedded broker. <c>tg gateway --mqtt-listen 127.0.0.1:1883</c>.</summary>
    public string? Listen { get; set; }

    /// <summary>Accept clients without a user name (like mosquitto's allow_anonymous); off by default.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Users of the embedded broker (PBKDF2 hashes as <c>tg hash-secret</c> prints them).</summary>
    public List<TelemetryGateway.Mqtt.Broker.MqttBrokerUser> Users { get; set; } = [];

    /// <summary>Per-topic rules of the embedded broker; empty: every admitted client may use every topic.</summary>
    public List<TelemetryGateway.Mqtt.Broker.MqttAclRule> Acl { get; set; } = [];

    /// <summary>TLS listener of the embedded broker; null for none.</summary>
    public TelemetryGateway.Mqtt.Broker.MqttBrokerTlsOptions? Tls { get; set; }

    /// <summary>Largest packet the embedded broker accepts.</summary>
    public int MaximumPacketSize { get; set; } = 1024 * 1024;

    // --- monitoring ---

    /// <summary>A monitor that published nothing for longer than this is reported silent (log, metric, event).</summary>
    public TimeSpan SilenceThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>True when anything is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(BrokerUrl) || !string.IsNullOrWhiteSpace(Listen);

    /// <summary>The embedded broker's listen endpoints.</summary>
    public IReadOnlyList<string> ListenEndpoints =>
        string.IsNullOrWhiteSpace(Listen) ? [] : [.. Listen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Throws <see cref="GatewayConfigurationException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }
        if (!string.IsNullOrWhiteSpace(BrokerUrl)
            && (!Uri.TryCreate(BrokerUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.Host.Length == 0))
        {
            throw new GatewayConfigurationException($"Gateway:Mqtt:BrokerUrl must be mqtt://host:port or mqtts://host:port, not '{BrokerUrl}'.");
        }
        if (Qos is not (0 or 1))
        {
            throw new GatewayConfigurationException($"Gateway:Mqtt:Qos must be 0 or 1, not {Qos}.");
        }
        if (ProtocolVersion is not (4 or 5))
        {
            throw new GatewayConfigurationException($"Gateway:Mqtt:ProtocolVersion must be 4 (3.1.1) or 5, not {ProtocolVersion}.");
        }
        if (Topics.Count == 0 || Topics.Any(string.IsNullOrWhiteSpace))
        {
            throw new GatewayConfigurationException("Gateway:Mqtt:Topics must list at least one topic filter.");
        }
        if (ClientCertificatePath is null != ClientKeyPath is null)
        {
            throw new GatewayConfigurationException("Gateway:Mqtt:ClientCertificatePath and Gateway:Mqtt:ClientKeyPath go together.");
        }
        if (SessionExpiry <= TimeSpan.Zero)
        {
            throw new GatewayConfigurationException("Gateway:Mqtt:SessionExpiry must be positive.");
        }
        if (SilenceThreshold <= TimeSpan.Zero)
        {
            throw new GatewayConfigurationException("Gateway:Mqtt:SilenceThreshold must be positive.");
        }
        foreach (var endpoint in ListenEndpoints)
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(endpoint[(colon + 1)..], out _))
            {
                throw new GatewayConfigurationException($"Gateway:Mqtt:Listen must be host:port, not '{endpoint}'.");
            }
        }
    }
}
