namespace TelemetryGateway.Storage.Influx;

/// <summary>Which InfluxDB write API to use.</summary>
public enum InfluxApiVersion
{
    /// <summary>InfluxDB 1.x: <c>/write?db=&amp;rp=&amp;precision=ns</c>, user and password (HTTP Basic).</summary>
    V1 = 1,

    /// <summary>InfluxDB 2.x: <c>/api/v2/write?org=&amp;bucket=&amp;precision=ns</c>, API token; reads through
    /// the v1 compatibility <c>/query</c> with <see cref="InfluxReadingStoreOptions.Database"/> mapped to the bucket (DBRP).</summary>
    V2 = 2,
}

/// <summary>Settings of <see cref="InfluxReadingStore"/> (configuration section <c>Hub:Store</c> with <c>Kind = influxdb</c>).</summary>
public sealed record InfluxReadingStoreOptions
{
    /// <summary>Base address of the server, e.g. <c>http://127.0.0.1:8086/</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>V1 unless set; <see cref="ReadingStoreFactory"/> picks V2 when a token, org or bucket is configured.</summary>
    public InfluxApiVersion ApiVersion { get; init; } = InfluxApiVersion.V1;

    /// <summary>1.x database (created on open when <see cref="CreateDatabase"/>; "telemetry" when null); on
    /// 2.x the database name the bucket is mapped to for InfluxQL (DBRP; <see cref="Bucket"/> when null).</summary>
    public string? Database { get; init; }

    /// <summary>1.x retention policy; the database's default when null.</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>1.x user (HTTP Basic authentication); none when null.</summary>
    public string? Username { get; init; }

    /// <summary>1.x password.</summary>
    public string? Password { get; init; }

    /// <summary>2.x organization.</summary>
    public string? Org { get; init; }

    /// <summary>2.x bucket.</summary>
    public string? Bucket { get; init; }

    /// <summary>2.x API token (<c>Authorization: Token …</c>); also accepted by 2.x's v1 compatibility API.</summary>
    public string? Token { get; init; }

    /// <summary>Measurement holding the readings.</summary>
    public string Measurement { get; init; } = "reading";

    /// <summary>Run <c>CREATE DATABASE</c> on open (1.x; a no-op when it exists).</summary>
    public bool CreateDatabase { get; init; } = true;

    /// <summary>Most lines in one write request ("batch by size"). InfluxData recommends 5 000.</summary>
    public int MaxLinesPerRequest { get; init; } = 5000;

    /// <summary>Most readings the writer takes from queued <c>WriteAsync</c> calls into one group (one
    /// duplicate lookup, then requests of <see cref="MaxLinesPerRequest"/>); a larger call goes alone.</summary>
    public int MaxGroupReadings { get; init; } = 20_000;

    /// <summary>How long the writer waits for more calls while a group is smaller than
    /// <see cref="MaxGroupReadings"/> ("batch by time"). Every caller's acknowledgement waits this long at most.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Compress request bodies with gzip.</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one request when the server is unreachable or answers 5xx/429.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>First retry delay; doubled each attempt, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between attempts (a longer Retry-After is still honoured within <see cref="RetryMaxElapsed"/>).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time budget of one request including retries; then <c>WriteAsync</c> fails and the hub keeps the data unacknowledged.</summary>
    public TimeSpan RetryMaxElapsed { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How far apart in effective time two copies of one record-numbered reading may be and still
    /// be recognised as duplicates (README.md "Idempotency"). Time-keyed readings need no window.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromDays(2);
}
