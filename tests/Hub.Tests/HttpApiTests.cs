using System.Net;
using System.Text.Json;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests;

/// <summary>design.md "Command line and HTTP surface": /healthz, /metrics, /api/readings, /api/gateways, /api/alerts.</summary>
public sealed class HttpApiTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Readings_have_exactly_the_decode_fields_plus_device_patient_source_received()
    {
        var measured = new DateTimeOffset(Readings.Base.DateTime, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8));
        var reading = Readings.Systolic("cuff-1", 17, 150) with
        {
            MeasuredAt = measured,
            ReceivedAt = measured.AddSeconds(20),
            Flags = ReadingFlags.IrregularPulse | ReadingFlags.BodyMovement,
            Reported = new Core.Quantity(20, "kPa"),
            PatientId = "patient-1",
        };
        await SeedAsync(reading);

        using var json = await GetJsonAsync("/api/readings");

        var item = Assert.Single(json.RootElement.GetProperty("readings").EnumerateArray());
        Assert.Equal(
            ["kind", "value", "unit", "time", "sequence", "flags", "reported", "device", "patient", "source", "received", "gateway", "stored", "priority"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bp.systolic", item.GetProperty("kind").GetString());
        Assert.Equal(150, item.GetProperty("value").GetDouble());
        Assert.Equal("mm[Hg]", item.GetProperty("unit").GetString());
        Assert.Equal(measured, item.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(8), item.GetProperty("time").GetDateTimeOffset().Offset);
        Assert.Equal(17, item.GetProperty("sequence").GetInt64());
        Assert.Equal(["body-movement", "irregular-pulse"], item.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(20, item.GetProperty("reported").GetProperty("value").GetDouble());
        Assert.Equal("kPa", item.GetProperty("reported").GetProperty("unit").GetString());
        Assert.Equal("cuff-1", item.GetProperty("device").GetString());
        Assert.Equal("patient-1", item.GetProperty("patient").GetString());
        Assert.Equal("ble", item.GetProperty("source").GetString());
        Assert.Equal(measured.AddSeconds(20), item.GetProperty("received").GetDateTimeOffset());
        Assert.Equal(TestHub.Gateway1, item.GetProperty("gateway").GetString());
        Assert.Equal("live", item.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task A_skew_corrected_reading_arriving_over_grpc_shows_the_device_time_beside_the_corrected_time()
    {
        // The gateway measured the cuff's clock 2 h 14 min 9 s slow and corrected "time"; "deviceTime" is what
        // the cuff itself said. A reading without a correction has no deviceTime at all.
        var corrected = Readings.Base.AddSeconds(5);
        var deviceSaid = corrected.AddSeconds(-(2 * 3600 + 14 * 60 + 9));
        var audited = Readings.Systolic("cuff-1", 5) with { MeasuredAt = corrected, DeviceTime = deviceSaid };
        var plain = Readings.Systolic("cuff-1", 6);
        await using var gateway = await _hub.ConnectAsync();

        var ack = await gateway.SendAndAckAsync(Readings.Batch(Readings.At(1, audited), Readings.At(2, plain)));
        using var json = await GetJsonAsync("/api/readings?device=cuff-1&order=oldest");

        Assert.Empty(ack.Rejections);
        var items = json.RootElement.GetProperty("readings").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal(corrected, items[0].GetProperty("time").GetDateTimeOffset());
        Assert.Equal(deviceSaid, items[0].GetProperty("deviceTime").GetDateTimeOffset());
        Assert.False(items[1].TryGetProperty("deviceTime", out _));
        var stored = await _hub.Host.Store.QueryAsync(new Storage.SeriesStore.ReadingQuery { DeviceId = "cuff-1", Order = Storage.SeriesStore.QueryOrder.OldestFirst });
        Assert.Equal([audited, plain], stored.Select(s => s.Reading));
    }

    [Fact]
    public async Task A_reading_without_device_time_or_record_has_null_time_and_sequence()
    {
        var reading = Readings.Systolic("cuff-1", 1) with { MeasuredAt = null, DeviceRecordNumber = null, Reported = null };
        await SeedAsync(reading);

        using var json = await GetJsonAsync("/api/readings");

        var item = Assert.Single(json.RootElement.GetProperty("readings").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("time").ValueKind);
        Assert.False(item.TryGetProperty("deviceTime", out _));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("sequence").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("patient").ValueKind);
        Assert.Empty(item.GetProperty("flags").EnumerateArray());
        // Without a separate device value, "reported" is the value and unit as sent.
        Assert.Equal(reading.Value, item.GetProperty("reported").GetProperty("value").GetDouble());
        Assert.Equal("mm[Hg]", item.GetProperty("reported").GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Readings_filter_by_device_patient_kind_time_limit_and_order()
    {
        await SeedAsync(
            Readings.Systolic("cuff-1", 1, patient: "p1"),
            Readings.Systolic("cuff-1", 2, patient: "p1"),
            Readings.Systolic("cuff-1", 3, patient: "p2"),
            Readings.Systolic("cuff-2", 4, patient: "p1"),
            Readings.Glucose("meter-1", Readings.Base.AddSeconds(5)));

        Assert.Equal([3L, 2L, 1L], await SequencesAsync("/api/readings?device=cuff-1"));
        Assert.Equal([1L, 2L, 3L], await SequencesAsync("/api/readings?device=cuff-1&order=oldest"));
        Assert.Equal([4L, 2L, 1L], await SequencesAsync("/api/readings?patient=p1"));
        Assert.Equal([4L, 3L], await SequencesAsync("/api/readings?kind=bp.systolic&limit=2"));
        Assert.Equal([null], await SequencesAsync("/api/readings?kind=glucose"));
        var from = Uri.EscapeDataString(Readings.Base.AddSeconds(2).ToString("O"));
        var to = Uri.EscapeDataString(Readings.Base.AddSeconds(4).ToString("O"));
        Assert.Equal([2L, 3L], await SequencesAsync($"/api/readings?kind=bp.systolic&from={from}&to={to}&order=oldest"));
        // An unencoded '+' arrives as a space and still means the offset.
        var plus = Readings.Base.AddSeconds(3).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss") + "+08:00";
        Assert.Equal([4L, 3L], await SequencesAsync($"/api/readings?kind=bp.systolic&from={plus}"));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=100001")]
    [InlineData("limit=ten")]
    [InlineData("from=yesterday")]
    [InlineData("from=2024-05-01T10:00:00Z&to=2024-05-01T09:00:00Z")]
    [InlineData("order=sideways")]
    [InlineData("devce=cuff-1")]
    [InlineData("device=")]
    [InlineData("device=a&device=b")]
    public async Task Bad_parameters_are_400_with_a_json_error(string query)
    {
        using var response = await _hub.Http.GetAsync($"/api/readings?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Gateways_show_connection_last_contact_buffer_and_last_ack()
    {
        var status = new GatewayStatus { BufferedReadings = 1234, BufferedBytes = 56789, OldestBufferedUnixMs = Readings.Base.ToUnixTimeMilliseconds() };
        await using var gateway = await TestGateway.ConnectAsync(_hub.Host.GrpcAddress, TestHub.Gateway1, TestHub.Secret1, status);
        await gateway.SendAndAckAsync(Readings.Batch(
            Readings.At(7, Readings.Systolic("cuff-1", 1)),
            Readings.At(9, Readings.Systolic("cuff-1", 2) with { Unit = "kPa" })));

        using var json = await GetJsonAsync("/api/gateways");

        var gateways = json.RootElement.GetProperty("gateways").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!);
        Assert.Equal([TestHub.Gateway1, TestHub.Gateway2, TestHub.RevokedGateway], gateways.Keys.Order(StringComparer.Ordinal));
        var gw1 = gateways[TestHub.Gateway1];
        Assert.True(gw1.GetProperty("connected").GetBoolean());
        Assert.True(DateTimeOffset.UtcNow - gw1.GetProperty("lastContact").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.Equal(1234, gw1.GetProperty("bufferedReadings").GetInt64());
        Assert.Equal(56789, gw1.GetProperty("bufferedBytes").GetInt64());
        Assert.Equal(Readings.Base, gw1.GetProperty("oldestBuffered").GetDateTimeOffset());
        Assert.Equal(9, gw1.GetProperty("lastAck").GetInt64());
        Assert.Equal(2, gw1.GetProperty("received").GetInt64());
        Assert.Equal(1, gw1.GetProperty("stored").GetInt64());
        Assert.Equal(1, gw1.GetProperty("rejected").GetInt64());
        var gw2 = gateways[TestHub.Gateway2];
        Assert.False(gw2.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, gw2.GetProperty("lastContact").ValueKind);
        Assert.Equal(JsonValueKind.Null, gw2.GetProperty("lastAck").ValueKind);

        // A status report mid-stream updates the buffered count.
        await gateway.SendAsync(new GatewayMessage { Status = new GatewayStatus { BufferedReadings = 5 } });
        await gateway.SendAndAckAsync(new ReadingBatch());
        using var after = await GetJsonAsync("/api/gateways");
        var updated = after.RootElement.GetProperty("gateways").EnumerateArray().Single(g => g.GetProperty("id").GetString() == TestHub.Gateway1);
        Assert.Equal(5, updated.GetProperty("bufferedReadings").GetInt64());

        await gateway.CompleteAsync();
        using var closed = await GetJsonAsync("/api/gateways");
        Assert.False(closed.RootElement.GetProperty("gateways").EnumerateArray()
            .Single(g => g.GetProperty("id").GetString() == TestHub.Gateway1).GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Healthz_is_ok_while_the_store_is_healthy()
    {
        using var response = await _hub.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("test-hub", json.RootElement.GetProperty("hubId").GetString());
    }

    [Fact]
    public async Task Healthz_is_503_when_the_store_is_not_healthy()
    {
        await _hub.Host.Store.DisposeAsync(); // A closed store reports itself unhealthy.

        using var response = await _hub.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_expose_the_hub_and_grpc_counters()
    {
        await using (var refused = TestGateway.Open(_hub.Host.GrpcAddress))
        {
            await refused.SendAsync(new GatewayMessage { Hello = TestGateway.Hello(TestHub.Gateway1, "wrong") });
            await refused.ExpectErrorAsync();
        }
        await using var gateway = await _hub.ConnectAsync();
        await gateway.SendAndAckAsync(Readings.Batch(
            Readings.At(1, Readings.Systolic("cuff-1", 1)),
            Readings.At(2, Readings.Systolic("cuff-1", 2, double.NaN))));
        await gateway.SendAndAckAsync(Readings.Batch(Readings.At(1, Readings.Systolic("cuff-1", 1))));

        using var response = await _hub.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n');
        Assert.Contains("hub_readings_received_total 3", lines);
        Assert.Contains("hub_readings_stored_total 1", lines);
        Assert.Contains("hub_readings_duplicate_total 1", lines);
        Assert.Contains("hub_readings_rejected_total{reason=\"NonFiniteValue\"} 1", lines);
        Assert.Contains("hub_gateway_auth_failures_total{reason=\"wrong_secret\"} 1", lines);
        Assert.Contains("hub_gateways_connected 1", lines);
        Assert.Contains("hub_ingest_batches_total 2", lines);
        Assert.Contains("hub_store_write_seconds_count 2", lines);
        Assert.Contains(lines, l => l.StartsWith("hub_store_write_seconds_bucket{le=\"+Inf\"} 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hub_store_write_seconds_sum ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("grpc_server_started_total ", StringComparison.Ordinal));
        Assert.Contains("grpc_server_handled_total{grpc_method=\"/telemetry.v1.Ingest/Stream\",grpc_code=\"Unauthenticated\"} 1", lines);
    }

    [Fact]
    public async Task Alerts_are_an_empty_list_for_now()
    {
        using var json = await GetJsonAsync("/api/alerts");

        Assert.Empty(json.RootElement.GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task The_api_is_not_served_on_the_grpc_port_nor_grpc_on_the_api_port()
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_hub.Host.GrpcAddress, "/healthz"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var onGrpcPort = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, onGrpcPort.StatusCode);

        using var onApiPort = await _hub.Http.PostAsync("/telemetry.v1.Ingest/Stream", new ByteArrayContent([0, 0, 0, 0, 0])
        {
            Headers = { { "Content-Type", "application/grpc" } },
        });
        Assert.NotEqual(HttpStatusCode.OK, onApiPort.StatusCode);
    }

    /// <summary>Stores readings as gateway gw-1 delivered them (the API is tested apart from ingest).</summary>
    private Task SeedAsync(params Core.Reading[] readings) => _hub.Host.Store.WriteAsync(readings, TestHub.Gateway1);

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await _hub.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body);
    }

    private async Task<List<long?>> SequencesAsync(string path)
    {
        using var json = await GetJsonAsync(path);
        return json.RootElement.GetProperty("readings").EnumerateArray()
            .Select(r => r.GetProperty("sequence").ValueKind == JsonValueKind.Null ? (long?)null : r.GetProperty("sequence").GetInt64())
            .ToList();
    }
}
