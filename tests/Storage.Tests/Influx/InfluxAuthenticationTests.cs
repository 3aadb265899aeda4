using System.Net;
using System.Text;
using TelemetryGateway.Storage.Influx;
using TelemetryGateway.Storage.Tests.SeriesStore;

namespace TelemetryGateway.Storage.Tests.Influx;

/// <summary>Credentials on every request of the store (the test influxd runs without authentication, so
/// a recording server shows what is sent).</summary>
public sealed class InfluxAuthenticationTests
{
    [Fact]
    public async Task Version_1_sends_user_and_password_as_basic_authentication_on_queries_and_writes()
    {
        var server = new RecordingServer();
        var options = new InfluxReadingStoreOptions { Url = new Uri("http://influx.test:8086"), Database = "tele", Username = "hub", Password = "pa:ss wörd" };

        await using (var store = await InfluxReadingStore.OpenAsync(options, httpClient: new HttpClient(server)))
        {
            await store.WriteAsync([Sample.Make(record: 1)], "gw");
        }

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hub:pa:ss wörd"));
        Assert.Equal(["/query", "/query", "/write?db=tele&precision=ns"], server.Requests.Select(r => r.PathAndQuery));
        Assert.All(server.Requests, r => Assert.Equal(basic, r.Authorization));
    }

    [Fact]
    public async Task Version_2_sends_the_token_writes_to_the_bucket_and_queries_the_bucket_through_the_v1_api()
    {
        var server = new RecordingServer();
        var options = new InfluxReadingStoreOptions { Url = new Uri("http://influx.test:8086/"), ApiVersion = InfluxApiVersion.V2, Org = "county", Bucket = "vitals", Token = "s3cr3t" };

        await using (var store = await InfluxReadingStore.OpenAsync(options, httpClient: new HttpClient(server)))
        {
            await store.WriteAsync([Sample.Make(record: 1)], "gw");
        }

        Assert.Equal(["/query", "/api/v2/write?org=county&bucket=vitals&precision=ns"], server.Requests.Select(r => r.PathAndQuery));
        Assert.Contains("db=vitals", server.Requests[0].Body);
        Assert.All(server.Requests, r => Assert.Equal("Token s3cr3t", r.Authorization));
    }

    private sealed class RecordingServer : HttpMessageHandler
    {
        public List<(string PathAndQuery, string? Authorization, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add((request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), body));
            }
            return request.RequestUri.AbsolutePath == "/query"
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"results":[{"statement_id":0}]}""") }
                : new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}
