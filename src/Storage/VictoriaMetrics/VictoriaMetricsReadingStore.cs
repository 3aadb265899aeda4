using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core;
using TelemetryGateway.Storage.Backends;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.SeriesStore;
using TelemetryGateway.Storage.VictoriaMetrics.Internal;

namespace TelemetryGateway.Storage.VictoriaMetrics;

/// <summary>An <see cref="IReadingStore"/> on single-node VictoriaMetrics: line protocol to its
/// InfluxDB-compatible <c>/write</c>, raw samples back through <c>/api/v1/export</c>. What it cannot hold
/// (waveform samples; anything but float64 numbers outside labels) and its durability: README.md.</summary>
/// <remarks>Writes share <see cref="BatchWriter"/> with the InfluxDB store: grouped, deduplicated by a
/// lookup before the write, retried on transient failures, then flushed so the readings are searchable
/// before <see cref="WriteAsync"/> completes.</remarks>
public sealed partial class VictoriaMetricsReadingStore : IReadingStore, IBackendStore
{
    private readonly List<string> _warnings = [];
    private readonly VictoriaMetricsReadingStoreOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly VmExportClient _client;
    private readonly BatchWriter _writer;
    private readonly ILogger _logger;
    private volatile bool _disposed;

    private VictoriaMetricsReadingStore(VictoriaMetricsReadingStoreOptions options, HttpClient http, bool ownsHttp, TimeProvider time, ILogger logger)
    {
        _options = options;
        _http = http;
        _ownsHttp = ownsHttp;
        _logger = logger;
        var baseUrl = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        var retry = new RetryPolicy(options.MaxAttempts, options.RetryBaseDelay, options.RetryMaxDelay, options.RetryMaxElapsed, time) { Metrics = Metrics };
        var authorization = Authorization(options);
        _client = new VmExportClient(http, baseUrl, authorization, retry, options.SnapshotAuthKey);
        var sender = new LineProtocolSender(http, new Uri(baseUrl, "write?precision=ms"), authorization, options.Gzip, retry, logger);
        _writer = new BatchWriter(
            new VmBackend(_client, options.Measurement, options.DurableWrites, options.FlushAfterWrite),
            sender,
            new BatchSettings(options.MaxGroupReadings, options.MaxBatchDelay, options.MaxLinesPerRequest, options.DuplicateWindow),
            time,
            logger,
            Metrics);
    }

    /// <inheritdoc />
    public BackendMetrics Metrics { get; } = new("victoriametrics");

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Connects to VictoriaMetrics and checks that it answers <c>/health</c>.</summary>
    /// <param name="options">Server, credentials and batching.</param>
    /// <param name="timeProvider">Hub clock for <see cref="StoredReading.StoredAt"/> and retry delays; the system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="httpClient">Client to send with; a new one when null, disposed with the store.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="IOException">The server does not answer.</exception>
    public static async Task<VictoriaMetricsReadingStore> OpenAsync(
        VictoriaMetricsReadingStoreOptions options,
        TimeProvider? timeProvider = null,
        ILogger<VictoriaMetricsReadingStore>? logger = null,
        HttpClient? httpClient = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = httpClient ?? new HttpClient { Timeout = options.RequestTimeout };
        var store = new VictoriaMetricsReadingStore(options, http, httpClient is null, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
        if (!await store._client.HealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"VictoriaMetrics at {options.Url} does not answer /health.");
        }
        try
        {
            await store.CheckDeduplicationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        InfluxLog.Opened(store._logger, "VictoriaMetrics", options.Url.ToString());
        return store;
    }

    /// <inheritdoc />
    /// <remarks>Waveform samples are stored one per millisecond, so rates above 1 kHz are refused (README.md).</remarks>
    /// <exception cref="InfluxWriteException">VictoriaMetrics could not be reached within the retry budget, or refused the data.</exception>
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
        var answers = await _client.HealthyAsync(cancellationToken).ConfigureAwait(false);
        Metrics.Probed(answers, DateTimeOffset.UtcNow);
        return answers && !_writer.Faulted;
    }

    /// <summary>Reads <c>-dedup.minScrapeInterval</c> from <c>/flags</c>; a problem stops the opening when
    /// <see cref="VictoriaMetricsReadingStoreOptions.RequireDeduplication"/>, else it becomes a warning.</summary>
    private async Task CheckDeduplicationAsync(CancellationToken cancellationToken)
    {
        string? problem;
        try
        {
            problem = VmDeduplication.Problem(VmDeduplication.ValueIn(await _client.FlagsAsync(cancellationToken).ConfigureAwait(false)));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            problem = $"The hub could not read VictoriaMetrics' /flags to check -dedup.minScrapeInterval=1ms ({ex.Message})";
        }
        if (problem is null)
        {
            return;
        }
        if (_options.RequireDeduplication)
        {
            throw new InvalidOperationException(problem + ". (Hub:Store:RequireDeduplication=false starts anyway, with this as a warning: exactly-once is then not guaranteed.)");
        }
        _warnings.Add(problem);
        InfluxLog.Weakened(_logger, "VictoriaMetrics", problem);
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
        InfluxLog.Closed(_logger, "VictoriaMetrics", _options.Url.ToString());
    }

    private static AuthenticationHeaderValue? Authorization(VictoriaMetricsReadingStoreOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return new AuthenticationHeaderValue("Bearer", options.Token);
        }
        if (!string.IsNullOrEmpty(options.Username))
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password)));
        }
        return null;
    }
}
