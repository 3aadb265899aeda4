using TelemetryGateway.Contracts;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub;

/// <summary>Settings of the hub, bound from the configuration section <c>Hub</c>.</summary>
public sealed class HubOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Hub";

    /// <summary>Folder of the hub's data (the series store file); created when missing.</summary>
    public string DataDirectory { get; set; } = "./data/hub";

    /// <summary>Where gateways connect: http:// for h2c, https:// for TLS (needs <see cref="Tls"/>). Port 0 picks a free port.</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:7400";

    /// <summary>The HTTP API (HTTP/1.1, and HTTP/2 over TLS). Port 0 picks a free port.</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Name the hub gives in Welcome; the machine name when empty.</summary>
    public string? HubId { get; set; }

    /// <summary>Largest batch accepted, in readings; told to gateways in Welcome.</summary>
    public int MaxBatchReadings { get; set; } = IngestProtocol.DefaultMaxBatchReadings;

    /// <summary>Certificates for https:// URLs and client-certificate authentication.</summary>
    public HubTlsOptions Tls { get; set; } = new();

    /// <summary>The gateways allowed to connect, by gateway id.</summary>
    public Dictionary<string, GatewayCredentialOptions> Gateways { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Device → patient bindings applied to readings that arrive without a patient.</summary>
    public List<DeviceBindingOptions> Bindings { get; set; } = [];

    /// <summary>Series store tuning; the file lives in <see cref="DataDirectory"/> unless a path is given.</summary>
    public HubStoreOptions Store { get; set; } = new();

    /// <summary>Alert lifecycle, escalation deadlines and webhooks.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Who looks after each patient (clinic, village doctor, family contact), by patient id.</summary>
    public Dictionary<string, PatientOptions> Patients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Clinics by id (their lead).</summary>
    public Dictionary<string, ClinicOptions> Clinics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sign-in, sessions, API tokens (src/Hub/Auth, docs/auth.md).</summary>
    public TelemetryGateway.Hub.Auth.AuthOptions Auth { get; set; } = new();

    /// <summary>Ambulances by unit: the hospital they drive to and their monitors (the emergency physician's scope).</summary>
    public Dictionary<string, TelemetryGateway.Hub.Auth.AmbulanceOptions> Ambulances { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The web dashboard: targets and follow-up interval.</summary>
    public Dashboard.DashboardOptions Dashboard { get; set; } = new();
}

/// <summary>TLS files (PEM) of the hub (<c>Hub:Tls</c>).</summary>
public sealed class HubTlsOptions
{
    /// <summary>Server certificate chain (PEM).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Private key of <see cref="CertificatePath"/> (PEM, PKCS#8 or traditional).</summary>
    public string? KeyPath { get; set; }

    /// <summary>CA (PEM) whose client certificates the gRPC listener requires (mutual TLS); a certificate
    /// whose subject CN is the gateway id authenticates that gateway without a secret.</summary>
    public string? ClientCaPath { get; set; }
}

/// <summary>One gateway's credentials (<c>Hub:Gateways:&lt;id&gt;</c>).</summary>
public sealed class GatewayCredentialOptions
{
    /// <summary>The PBKDF2 hash of the gateway's secret from <c>tg hash-secret</c>, never the secret itself.
    /// Empty when the gateway authenticates only with a client certificate.</summary>
    public string? Secret { get; set; }

    /// <summary>A revoked gateway is refused whatever credentials it presents.</summary>
    public bool Revoked { get; set; }

    /// <summary>The clinic whose staff see this gateway in <c>/api/gateways</c>.</summary>
    public string? Clinic { get; set; }

    /// <summary>The village doctor (user scope) whose kit this gateway is.</summary>
    public string? Doctor { get; set; }

    /// <summary>The hospital whose emergency physicians see this gateway (an ambulance's gateway).</summary>
    public string? Hospital { get; set; }
}

/// <summary>Which patient a device measures (<c>Hub:Bindings:n</c>).</summary>
public sealed class DeviceBindingOptions
{
    public string DeviceId { get; set; } = "";

    public string PatientId { get; set; } = "";

    /// <summary>Start of the binding; from the beginning of time when absent.</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>End of the binding (exclusive); open-ended when absent.</summary>
    public DateTimeOffset? Until { get; set; }
}

/// <summary>
/// Series store settings (<c>Hub:Store</c>). <c>Kind</c> = sqlite (default) | influxdb | victoriametrics with
/// <c>Url</c> and credentials is read by <see cref="TelemetryGateway.Storage.ReadingStoreFactory"/>.
/// </summary>
public sealed class HubStoreOptions
{
    /// <summary>The database file; <c>&lt;DataDirectory&gt;/readings.db</c> when empty.</summary>
    public string? Path { get; set; }

    /// <summary>Most readings per commit; the store's default when absent.</summary>
    public int? MaxRowsPerCommit { get; set; }

    /// <summary>Run an integrity check when opening.</summary>
    public bool VerifyOnOpen { get; set; }
}
