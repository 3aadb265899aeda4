namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// Settings of the embedded broker (configuration section <c>Gateway:Mqtt</c> in the gateway).
/// Defaults are safe for a vehicle network: loopback only, anonymous clients refused
/// (like mosquitto 2's <c>allow_anonymous false</c>), every queue bounded.
/// </summary>
public sealed class MqttBrokerOptions
{
    /// <summary>Plain TCP listen endpoints, <c>host:port</c> (port 0 picks a free one; see <see cref="MqttBroker.Endpoints"/>).</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>TLS listener; null for none.</summary>
    public MqttBrokerTlsOptions? Tls { get; set; }

    /// <summary>Accept clients that send no user name (CONNACK 0x05 / 0x87 otherwise).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Known users with PBKDF2 password hashes (the format <c>tg hash-secret</c> prints).</summary>
    public List<MqttBrokerUser> Users { get; set; } = [];

    /// <summary>Per-topic rules. Empty: every admitted client may read and write every topic.
    /// Otherwise anything no rule grants is refused (as with mosquitto's acl_file).</summary>
    public List<MqttAclRule> Acl { get; set; } = [];

    /// <summary>Largest packet accepted, fixed header included (MQTT 5.0 §3.1.2.11.4); announced to 5.0 clients in CONNACK.</summary>
    public int MaximumPacketSize { get; set; } = 1024 * 1024;

    /// <summary>QoS 1/2 messages in flight per direction and client: our Receive Maximum (5.0 §3.2.2.3.3)
    /// and the cap on unacknowledged messages we send (3.1.1 clients have no Receive Maximum).</summary>
    public ushort MaximumInFlight { get; set; } = 100;

    /// <summary>
    /// QoS 0/1 messages of one connection whose ingest handlers may run at once (at most
    /// <see cref="MaximumInFlight"/>). 1, the default, runs them one after the other. Above one, the handlers
    /// are entered in arrival order and overlap, so a handler that commits to a store can commit a burst in
    /// one transaction; subscribers and PUBACKs still follow arrival order, each PUBACK after its own handlers.
    /// </summary>
    public int MaximumConcurrentIngest { get; set; } = 1;

    /// <summary>QoS 1/2 messages queued per session beyond those in flight (offline or slow client).</summary>
    public int MaximumQueuedMessages { get; set; } = 10_000;

    /// <summary>Packets waiting for a connection's writer; a QoS 0 message beyond it is dropped and counted.</summary>
    public int OutboundQueueCapacity { get; set; } = 20_000;

    /// <summary>Network connections at once; one more is answered "quota exceeded" / "server unavailable".</summary>
    public int MaximumConnections { get; set; } = 256;

    /// <summary>Retained topics kept; a new one beyond it is refused and counted.</summary>
    public int MaximumRetainedMessages { get; set; } = 10_000;

    /// <summary>Time a new connection has to send its CONNECT.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lifetime of a 3.1.1 persistent session (Clean Session 0) after its client leaves;
    /// 3.1.1 sets none, mosquitto's persistent_client_expiration is the same idea.</summary>
    public TimeSpan PersistentSessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound on a 5.0 client's Session Expiry Interval (§3.2.2.3.2 lets the server lower it).</summary>
    public TimeSpan MaximumSessionExpiry { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>The TLS listener (SslStream). Certificate and key in PEM, or a PFX with a password.</summary>
public sealed class MqttBrokerTlsOptions
{
    public string Listen { get; set; } = "127.0.0.1:8883";

    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key; null when <see cref="CertificatePath"/> is a PFX or holds the key too.</summary>
    public string? KeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>PEM CA that client certificates must chain to; null: any client certificate is refused.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>Refuse TLS handshakes without a client certificate signed by <see cref="ClientCaPath"/>.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Take the certificate's common name as the user name (mosquitto's use_identity_as_username):
    /// the handshake has authenticated the client, no password is asked.</summary>
    public bool UseCertificateCommonNameAsUserName { get; set; }
}

public sealed class MqttBrokerUser
{
    public string UserName { get; set; } = "";

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash</c>, see <see cref="MqttPasswordHash"/>.</summary>
    public string PasswordHash { get; set; } = "";
}

/// <summary>What a rule grants on the topics its pattern matches.</summary>
[Flags]
public enum MqttAccess
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}

/// <summary>
/// One ACL line: <see cref="Topic"/> is a topic filter ('+', '#'), in which <c>%u</c> stands
/// for the user name and <c>%c</c> for the client id (mosquitto's pattern lines).
/// </summary>
public sealed class MqttAclRule
{
    /// <summary>Null: the rule applies to every client, anonymous ones included.</summary>
    public string? UserName { get; set; }

    public string Topic { get; set; } = "";

    public MqttAccess Access { get; set; } = MqttAccess.ReadWrite;
}
