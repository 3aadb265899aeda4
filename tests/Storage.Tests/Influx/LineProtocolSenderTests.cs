using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.Influx.Internal;
using TelemetryGateway.Storage.Influx.LineProtocol;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>The HTTP side of writes against a scripted server: endpoints, credentials, gzip, which
/// answers are retried and for how long, and how refused points are reported.</summary>
public sealed class LineProtocolSenderTests
{
    private static readonly Uri Base = new("http://influx.test:8086/");

    [Fact]
    public void The_1x_endpoint_names_database_retention_policy_and_nanosecond_precision()
    {
        var options = new InfluxReadingStoreOptions { Url = Base, Database = "tele metry", RetentionPolicy = "one_year" };

        Assert.Equal("http://influx.test:8086/write?db=tele%20metry&rp=one_year&precision=ns", InfluxReadingStore.WriteEndpoint(Base, options).AbsoluteUri);
    }

    [Fact]
    public void The_2x_endpoint_names_org_and_bucket()
    {
        var options = new InfluxReadingStoreOptions { Url = Base, ApiVersion = InfluxApiVersion.V2, Org = "county health", Bucket = "vitals", Token = "t0k" };

        Assert.Equal("http://influx.test:8086/api/v2/write?org=county%20health&bucket=vitals&precision=ns", InfluxReadingStore.WriteEndpoint(Base, options).AbsoluteUri);
    }

    [Fact]
    public async Task The_body_is_gzip_compressed_line_protocol_with_the_credentials_in_a_header()
    {
        var server = new ScriptedServer(HttpStatusCode.NoContent);
        var sender = Sender(server, new System.Net.Http.Headers.AuthenticationHeaderValue("Token", "t0k"));

        await sender.SendAsync(Lines("m v=1i 1", "m v=2i 2"), _ => null, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("gzip", Assert.Single(request.ContentEncoding));
        Assert.Equal("Token t0k", request.Authorization);
        Assert.Equal("m v=1i 1\nm v=2i 2\n", request.Body);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_transient_answer_is_retried_until_the_write_succeeds(HttpStatusCode status)
    {
        var server = new ScriptedServer(status, status, HttpStatusCode.NoContent);

        await Sender(server).SendAsync(Lines("m v=1i 1"), _ => null, CancellationToken.None);

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("m v=1i 1\n", r.Body));
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        var server = new ScriptedServer(HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent) { RetryAfterSeconds = 1 };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Sender(server).SendAsync(Lines("m v=1i 1"), _ => null, CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}, before the 1 s the server asked for");
    }

    [Fact]
    public async Task A_server_that_stays_down_fails_the_write_as_transient_once_the_budget_is_spent()
    {
        var server = new ScriptedServer(HttpStatusCode.ServiceUnavailable) { Repeat = true };

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => Sender(server, maxAttempts: 4).SendAsync(Lines("m v=1i 1"), _ => null, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_write_as_transient()
    {
        var port = ServerProcess.FreePort(); // nothing listens there
        using var http = new HttpClient();
        var sender = new LineProtocolSender(http, new Uri($"http://127.0.0.1:{port}/write?db=x"), null, true, FastRetry(3), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => sender.SendAsync(Lines("m v=1i 1"), _ => null, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Parse_errors_are_reported_per_point_and_not_retried()
    {
        // influxd 1.x quotes each line it could not parse, one per line of the error text.
        const string Body = """{"error":"unable to parse 'm v=1i x': bad timestamp\nunable to parse 'm v=oops 3': invalid boolean"}""";
        var server = new ScriptedServer(HttpStatusCode.BadRequest) { Body = Body };

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => Sender(server).SendAsync(
            Lines("m v=1i 1"), line => line switch { "m v=1i x" => 4, "m v=oops 3" => 9, _ => null }, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal(400, error.StatusCode);
        Assert.Single(server.Requests);
        Assert.Equal(
            [new PointRejection(4, "m v=1i x", "bad timestamp"), new PointRejection(9, "m v=oops 3", "invalid boolean")],
            error.Rejections);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"authorization failed"}""", "authorization failed")]
    [InlineData(HttpStatusCode.NotFound, """{"error":"database not found: \"x\""}""", "database not found")]
    [InlineData(HttpStatusCode.BadRequest, """{"code":"invalid","message":"partial write: field type conflict dropped=2"}""", "partial write")]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, "request too large", "request too large")]
    public async Task Other_client_errors_fail_at_once_with_the_servers_reason(HttpStatusCode status, string body, string reason)
    {
        var server = new ScriptedServer(status) { Body = body };

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => Sender(server).SendAsync(Lines("m v=1i 1"), _ => null, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains(reason, error.Message);
        Assert.Single(server.Requests);
    }

    private static LineProtocolWriter Lines(params string[] lines)
    {
        var writer = new LineProtocolWriter(new StringBuilder(string.Concat(lines.Select(l => l + "\n"))));
        return writer;
    }

    private static RetryPolicy FastRetry(int maxAttempts) =>
        new(maxAttempts, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeProvider.System);

    private static LineProtocolSender Sender(ScriptedServer server, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null, int maxAttempts = 6) =>
        new(new HttpClient(server), new Uri(Base, "write?db=x&precision=ns"), authorization, gzip: true, FastRetry(maxAttempts), NullLogger.Instance);

    /// <summary>Answers each request with the next scripted status (the last one again when <see cref="Repeat"/>).</summary>
    private sealed class ScriptedServer(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<(string Body, string[] ContentEncoding, string? Authorization)> Requests { get; } = [];

        public string Body { get; init; } = "";

        public int? RetryAfterSeconds { get; init; }

        public bool Repeat { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var bytes = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var encoding = request.Content.Headers.ContentEncoding.ToArray();
            if (encoding.Contains("gzip"))
            {
                using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await unzip.CopyToAsync(plain, cancellationToken);
                bytes = plain.ToArray();
            }
            Requests.Add((Encoding.UTF8.GetString(bytes), encoding, request.Headers.Authorization?.ToString()));
            var status = Requests.Count <= answers.Length ? answers[Requests.Count - 1] : Repeat ? answers[^1] : HttpStatusCode.NoContent;
            var response = new HttpResponseMessage(status) { Content = new StringContent(Body) };
            if (RetryAfterSeconds is { } seconds && (int)status == 429)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }
            return response;
        }
    }
}
