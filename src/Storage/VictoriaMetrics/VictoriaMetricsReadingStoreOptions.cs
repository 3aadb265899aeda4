namespace TelemetryGateway.Storage.VictoriaMetrics;

/// <summary>Settings of <see cref="VictoriaMetricsReadingStore"/> (configuration section <c>Hub:Store</c> with
/// <c>Kind = victoriametrics</c>).</summary>
public sealed record VictoriaMetricsReadingStoreOptions
{
    /// <summary>Base address of single-node VictoriaMetrics, e.g. <c>http://127.0.0.1:8428/</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>HTTP Basic user (e.g. behind vmauth); none when null.</summary>
    public string? Username { get; init; }

    /// <summary>HTTP Basic password.</summary>
    public string? Password { get; init; }

    /// <summary>Bearer token (e.g. behind vmauth); used instead of user and password when set.</summary>
    public string? Token { get; init; }

    /// <summary>Line-protocol measurement: metrics are named <c>&lt;measurement&gt;_&lt;field&gt;</c>.</summary>
    public string Measurement { get; init; } = "reading";

    /// <summary>Make each write durable before <c>WriteAsync</c> completes, by creating (and deleting) a snapshot,
    /// which writes VictoriaMetrics' in-memory parts to disk (README.md "Durability"). Without it, a crash of
    /// VictoriaMetrics loses the last seconds of acknowledged readings, which the gateways have deleted.</summary>
    public bool DurableWrites { get; init; } = true;

    /// <summary>Refuse to open unless VictoriaMetrics runs with <c>-dedup.minScrapeInterval=1ms</c> (read from its
    /// <c>/flags</c> page). Exactly-once relies on it: a replay whose first copy was not searchable yet is written a
    /// second time at the same millisecond, and only deduplication merges the two (README.md "Deduplication").
    /// When false, a missing or wrong setting is logged and shown as a warning on the hub's <c>/healthz</c>.</summary>
    public bool RequireDeduplication { get; init; } = true;

    /// <summary>The <c>-snapshotAuthKey</c> VictoriaMetrics was started with, if any.</summary>
    public string? SnapshotAuthKey { get; init; }

    /// <summary>When <see cref="DurableWrites"/> is off: call <c>/internal/force_flush</c> after each write, so that a reading is searchable (and handed to
    /// storage) before <c>WriteAsync</c> completes. Off only when nothing reads right after writing.</summary>
    public bool FlushAfterWrite { get; init; } = true;

    /// <summary>Most lines in one write request ("batch by size").</summary>
    public int MaxLinesPerRequest { get; init; } = 5000;

    /// <summary>Most readings taken from queued <c>WriteAsync</c> calls into one group (one lookup, one flush).</summary>
    public int MaxGroupReadings { get; init; } = 20_000;

    /// <summary>How long the writer waits for more calls while a group is short ("batch by time").</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Compress request bodies with gzip.</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one request when the server is unreachable or answers 5xx/429.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>First retry delay; doubled each attempt, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time budget of one request including retries.</summary>
    public TimeSpan RetryMaxElapsed { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How far apart in effective time two copies of one record-numbered reading may be and still be
    /// recognised as duplicates.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromDays(2);
}
