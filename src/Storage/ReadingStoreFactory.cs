using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.VictoriaMetrics;

namespace TelemetryGateway.Storage;

/// <summary>Opens the hub's <see cref="IReadingStore"/> that configuration section <c>Hub:Store</c> names.</summary>
/// <remarks>
/// <code>
/// "Store": { "Kind": "sqlite", "Path": "…/readings.db" }                            (the default)
/// "Store": { "Kind": "influxdb", "Url": "http://influxdb:8086", "Database": "telemetry",
///            "RetentionPolicy": "autogen", "Username": "hub", "Password": "…" }    (1.x)
/// "Store": { "Kind": "influxdb", "Url": "…", "Org": "county", "Bucket": "telemetry", "Token": "…" } (2.x)
/// "Store": { "Kind": "victoriametrics", "Url": "http://victoriametrics:8428" }
/// </code>
/// Optional for the HTTP backends: <c>Measurement</c>, <c>ApiVersion</c> (1 or 2; 2 when Org, Bucket or
/// Token is set), <c>MaxLinesPerRequest</c>, <c>MaxBatchDelay</c> (a TimeSpan), <c>Gzip</c>,
/// <c>RetryMaxElapsed</c>, <c>RetryBaseDelay</c>, <c>RetryMaxDelay</c>, <c>DuplicateWindow</c>; for VictoriaMetrics
/// <c>DurableWrites</c>, <c>SnapshotAuthKey</c> and <c>RequireDeduplication</c> (default true); for SQLite <c>VerifyOnOpen</c> and <c>MaxRowsPerCommit</c>.
/// </remarks>
public static class ReadingStoreFactory
{
    /// <summary>The kinds <c>Hub:Store:Kind</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["sqlite", "influxdb", "victoriametrics"];

    /// <inheritdoc cref="CreateAsync(IConfiguration, string, TimeProvider?, ILoggerFactory?, CancellationToken)"/>
    public static Task<IReadingStore> CreateAsync(IConfiguration section, string dataDirectory, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default) =>
        CreateAsync(section, dataDirectory, null, loggers, cancellationToken);

    /// <summary>Opens the store <paramref name="section"/> describes.</summary>
    /// <param name="section">The <c>Hub:Store</c> section (may be empty: SQLite in <paramref name="dataDirectory"/>).</param>
    /// <param name="dataDirectory">The hub's data directory; SQLite's <c>readings.db</c> goes there unless <c>Path</c> is set.</param>
    /// <param name="timeProvider">Hub clock (stored-at times, retry delays); the system clock when null.</param>
    /// <param name="loggers">Loggers; none when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="InvalidOperationException">The section names an unknown kind or lacks a required setting.</exception>
    public static async Task<IReadingStore> CreateAsync(
        IConfiguration section, string dataDirectory, TimeProvider? timeProvider, ILoggerFactory? loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(section);
        var kind = (section["Kind"] ?? "sqlite").Trim().ToLowerInvariant();
        switch (kind)
        {
            case "sqlite":
                ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
                Directory.CreateDirectory(dataDirectory);
                var sqlite = new SqliteReadingStoreOptions
                {
                    Path = section["Path"] is { Length: > 0 } path ? path : Path.Combine(dataDirectory, "readings.db"),
                    VerifyOnOpen = Bool(section, "VerifyOnOpen") ?? false,
                };
                if (Int(section, "MaxRowsPerCommit") is { } rows)
                {
                    sqlite = sqlite with { MaxRowsPerCommit = rows };
                }
                return await SqliteReadingStore.OpenAsync(sqlite, timeProvider, loggers?.CreateLogger<SqliteReadingStore>(), cancellationToken).ConfigureAwait(false);

            case "influxdb" or "influx":
                return await InfluxReadingStore.OpenAsync(InfluxOptions(section), timeProvider, loggers?.CreateLogger<InfluxReadingStore>(), null, cancellationToken).ConfigureAwait(false);

            case "victoriametrics" or "victoria-metrics":
                return await VictoriaMetricsReadingStore.OpenAsync(VictoriaMetricsOptions(section), timeProvider, loggers?.CreateLogger<VictoriaMetricsReadingStore>(), null, cancellationToken).ConfigureAwait(false);

            default:
                throw new InvalidOperationException($"{(section is IConfigurationSection s ? s.Path : "Hub:Store")}:Kind is '{section["Kind"]}'; expected one of {string.Join(", ", Kinds)}.");
        }
    }

    /// <summary>InfluxDB settings from the section (exposed for the hub's configuration check).</summary>
    public static InfluxReadingStoreOptions InfluxOptions(IConfiguration section)
    {
        var v2 = section["ApiVersion"] is { Length: > 0 } version
            ? Int(section, "ApiVersion") == 2
            : !string.IsNullOrEmpty(section["Org"]) || !string.IsNullOrEmpty(section["Bucket"]) || !string.IsNullOrEmpty(section["Token"]);
        var defaults = new InfluxReadingStoreOptions { Url = Url(section) };
        return defaults with
        {
            ApiVersion = v2 ? InfluxApiVersion.V2 : InfluxApiVersion.V1,
            Database = Text(section, "Database"),
            RetentionPolicy = Text(section, "RetentionPolicy"),
            Username = Text(section, "Username"),
            Password = Text(section, "Password"),
            Org = Text(section, "Org"),
            Bucket = Text(section, "Bucket"),
            Token = Text(section, "Token"),
            Measurement = Text(section, "Measurement") ?? defaults.Measurement,
            CreateDatabase = Bool(section, "CreateDatabase") ?? defaults.CreateDatabase,
            MaxLinesPerRequest = Int(section, "MaxLinesPerRequest") ?? defaults.MaxLinesPerRequest,
            MaxBatchDelay = Span(section, "MaxBatchDelay") ?? defaults.MaxBatchDelay,
            Gzip = Bool(section, "Gzip") ?? defaults.Gzip,
            RetryMaxElapsed = Span(section, "RetryMaxElapsed") ?? defaults.RetryMaxElapsed,
            RetryBaseDelay = Span(section, "RetryBaseDelay") ?? defaults.RetryBaseDelay,
            RetryMaxDelay = Span(section, "RetryMaxDelay") ?? defaults.RetryMaxDelay,
            DuplicateWindow = Span(section, "DuplicateWindow") ?? defaults.DuplicateWindow,
        };
    }

    /// <summary>VictoriaMetrics settings from the section.</summary>
    public static VictoriaMetricsReadingStoreOptions VictoriaMetricsOptions(IConfiguration section)
    {
        var defaults = new VictoriaMetricsReadingStoreOptions { Url = Url(section) };
        return defaults with
        {
            Username = Text(section, "Username"),
            Password = Text(section, "Password"),
            Token = Text(section, "Token"),
            Measurement = Text(section, "Measurement") ?? defaults.Measurement,
            DurableWrites = Bool(section, "DurableWrites") ?? defaults.DurableWrites,
            SnapshotAuthKey = Text(section, "SnapshotAuthKey"),
            RequireDeduplication = Bool(section, "RequireDeduplication") ?? defaults.RequireDeduplication,
            RetryBaseDelay = Span(section, "RetryBaseDelay") ?? defaults.RetryBaseDelay,
            RetryMaxDelay = Span(section, "RetryMaxDelay") ?? defaults.RetryMaxDelay,
            MaxLinesPerRequest = Int(section, "MaxLinesPerRequest") ?? defaults.MaxLinesPerRequest,
            MaxBatchDelay = Span(section, "MaxBatchDelay") ?? defaults.MaxBatchDelay,
            Gzip = Bool(section, "Gzip") ?? defaults.Gzip,
            RetryMaxElapsed = Span(section, "RetryMaxElapsed") ?? defaults.RetryMaxElapsed,
            DuplicateWindow = Span(section, "DuplicateWindow") ?? defaults.DuplicateWindow,
        };
    }

    private static Uri Url(IConfiguration section) =>
        Uri.TryCreate(section["Url"], UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new InvalidOperationException($"Hub:Store:Url must be an absolute http(s) URL for Kind '{section["Kind"]}' (got '{section["Url"]}').");

    private static string? Text(IConfiguration section, string key) => section[key] is { Length: > 0 } value ? value : null;

    private static bool? Bool(IConfiguration section, string key) => section[key] is { Length: > 0 } value
        ? bool.TryParse(value, out var flag) ? flag : throw Invalid(key, value, "true or false")
        : null;

    private static int? Int(IConfiguration section, string key) => section[key] is { Length: > 0 } value
        ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw Invalid(key, value, "an integer")
        : null;

    private static TimeSpan? Span(IConfiguration section, string key) => section[key] is { Length: > 0 } value
        ? TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) ? span : throw Invalid(key, value, "a time span such as 00:00:05")
        : null;

    private static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"Hub:Store:{key} is '{value}'; expected {expected}.");
}
