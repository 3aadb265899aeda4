using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Backends;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Storage.Influx;

/// <summary>An <see cref="IReadingStore"/> on InfluxDB 1.x or 2.x: line protocol over HTTP to write,
/// InfluxQL over <c>/query</c> to read. Schema and idempotency: README.md.</summary>
/// <remarks>
/// <para>Writes go through one writer loop (<see cref="BatchWriter"/>): it groups queued batches, looks up
/// which of their readings are already stored, writes only the new ones in gzip-compressed requests of
/// <see cref="InfluxReadingStoreOptions.MaxLinesPerRequest"/> lines, and completes <see cref="WriteAsync"/>
/// only after InfluxDB answered 204 to all of them (the points are then in its WAL).</para>
/// <para>Differences from the SQLite store's contract: a batch is not atomic. If one of its requests fails,
/// earlier ones stay stored and <see cref="WriteAsync"/> throws; the retry finds them and counts them as
/// duplicates, so nothing is doubled and nothing lost, but the counts of the retry differ from a clean run.</para>
/// </remarks>
public sealed partial class InfluxReadingStore : IReadingStore, IBackendStore
{
    private readonly InfluxReadingStoreOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly InfluxQueryClient _query;
    private readonly BatchWriter _writer;
    private readonly ILogger _logger;
    private volatile bool _disposed;

    private InfluxReadingStore(InfluxReadingStoreOptions options, HttpClient http, bool ownsHttp, TimeProvider time, ILogger logger)
    {
        _options = options;
        _http = http;
        _ownsHttp = ownsHttp;
        _logger = logger;
        var baseUrl = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        var retry = new RetryPolicy(options.MaxAttempts, options.RetryBaseDelay, options.RetryMaxDelay, options.RetryMaxElapsed, time) { Metrics = Metrics };
        var authorization = Authorization(options);
        _query = new InfluxQueryClient(http, baseUrl, QueryDatabase(options), options.RetentionPolicy, authorization, retry);
        var sender = new LineProtocolSender(http, WriteEndpoint(baseUrl, options), authorization, options.Gzip, retry, logger);
        _writer = new BatchWriter(
            new InfluxBackend(_query, options.Measurement),
            sender,
            new BatchSettings(options.MaxGroupReadings, options.MaxBatchDelay, options.MaxLinesPerRequest, options.DuplicateWindow),
            time,
            logger,
            Metrics);
    }

    /// <inheritdoc />
    public BackendMetrics Metrics { get; } = new("influxdb");

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings { get; } = [];

    /// <summary>Connects to the server, creating the 1.x database when <see cref="InfluxReadingStoreOptions.CreateDatabase"/>.</summary>
    /// <param name="options">Server, credentials and batching.</param>
    /// <param name="timeProvider">Hub clock for <see cref="StoredReading.StoredAt"/> and retry delays; the system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="httpClient">Client to send with (its timeout is left alone); a new one when null, disposed with the store.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    public static async Task<InfluxReadingStore> OpenAsync(
        InfluxReadingStoreOptions options,
        TimeProvider? timeProvider = null,
        ILogger<InfluxReadingStore>? logger = null,
        HttpClient? httpClient = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ApiVersion == InfluxApiVersion.V2 && (string.IsNullOrEmpty(options.Org) || string.IsNullOrEmpty(options.Bucket)))
        {
            throw new ArgumentException("InfluxDB 2.x needs Org and Bucket.", nameof(options));
        }
        var http = httpClient ?? new HttpClient { Timeout = options.RequestTimeout };
        var store = new InfluxReadingStore(options, http, httpClient is null, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            if (options.ApiVersion == InfluxApiVersion.V1 && options.CreateDatabase)
            {
                await store._query.ExecuteAsync("CREATE DATABASE " + InfluxQl.Identifier(QueryDatabase(options)), cancellationToken).ConfigureAwait(false);
            }
            InfluxLog.Opened(store._logger, "InfluxDB", options.Url.ToString());
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Completes after InfluxDB accepted every new reading of the batch. Duplicates are found by a
    /// lookup before writing (README.md "Idempotency") and not written again, so the first copy wins.</remarks>
    /// <exception cref="InfluxWriteException">InfluxDB could not be reached within the retry budget, or refused the data.</exception>
    public string? CannotStore(Reading reading) => _writer.CannotStore(reading);

    public Task<StoreWriteResult> WriteAsync(IReadOnlyList<Reading> readings, string gatewayId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer.WriteAsync(readings, gatewayId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed)
        {
            return false;
        }
        var answers = await _query.PingAsync(cancellationToken).ConfigureAwait(false);
        Metrics.Probed(answers, DateTimeOffset.UtcNow);
        return answers && !_writer.Faulted;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (_ownsHttp)
        {
            _http.Dispose();
        }
        InfluxLog.Closed(_logger, "InfluxDB", _options.Url.ToString());
    }

    /// <summary>The database InfluxQL and 1.x writes name: <see cref="InfluxReadingStoreOptions.Database"/>,
    /// else on 2.x the bucket (its default DBRP mapping), else "telemetry".</summary>
    private static string QueryDatabase(InfluxReadingStoreOptions options) =>
        options.Database ?? (options.ApiVersion == InfluxApiVersion.V2 ? options.Bucket : null) ?? "telemetry";

    private static AuthenticationHeaderValue? Authorization(InfluxReadingStoreOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return new AuthenticationHeaderValue("Token", options.Token);
        }
        if (!string.IsNullOrEmpty(options.Username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password));
            return new AuthenticationHeaderValue("Basic", credentials);
        }
        return null;
    }

    /// <summary>The write endpoint with its query string: 1.x <c>write?db=&amp;rp=&amp;precision=ns</c>,
    /// 2.x <c>api/v2/write?org=&amp;bucket=&amp;precision=ns</c>.</summary>
    internal static Uri WriteEndpoint(Uri baseUrl, InfluxReadingStoreOptions options)
    {
        var query = options.ApiVersion == InfluxApiVersion.V2
            ? $"api/v2/write?org={Uri.EscapeDataString(options.Org!)}&bucket={Uri.EscapeDataString(options.Bucket!)}&precision=ns"
            : $"write?db={Uri.EscapeDataString(QueryDatabase(options))}"
              + (string.IsNullOrEmpty(options.RetentionPolicy) ? "" : $"&rp={Uri.EscapeDataString(options.RetentionPolicy)}")
              + "&precision=ns";
        return new Uri(baseUrl, query);
    }
}
