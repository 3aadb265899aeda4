using System.Net.Http.Json;
using System.Text.Json;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Infrastructure.AmbulanceUpdates;

namespace TelemetryGateway.Hub.Tests;

/// <summary>telemetry.proto rule 7: ambulance position/status entries acknowledged with their batch, the latest
/// per unit at GET /api/ambulances in the shape the dashboard reads.</summary>
public sealed class AmbulanceTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    private const string PhysicianToken = "physician-token-0123456789abcdefghijklmnopqrstuv";

    // An emergency physician of county-hospital watches A12 (its monitor listed as unit/device), not B3.
    public async Task InitializeAsync() => _hub = await TestHub.StartAsync(settings =>
    {
        settings["Hub:Ambulances:A12:Hospital"] = "county-hospital";
        settings["Hub:Ambulances:A12:Devices:0"] = "A12/mon1";
        settings["Hub:Auth:ApiTokens:er:Token"] = PhysicianToken;
        settings["Hub:Auth:ApiTokens:er:Role"] = "emergency-physician";
        settings["Hub:Auth:ApiTokens:er:Scope"] = "county-hospital";
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Updates_are_acknowledged_and_the_latest_by_time_is_served_even_when_a_replay_arrives_late()
    {
        await using var gateway = await _hub.ConnectAsync();
        var ack = await gateway.SendAndAckAsync(Readings.Batch(
            Position(1, "A12", T0, 47.30),
            Status(2, "A12", T0),
            Position(3, "A12", T0 + 1000, 47.31),
            Position(4, "B3", T0, 46.90, patient: null)));
        Assert.Equal([(1L, 4L)], ack.Ranges.Select(r => (r.First, r.Last)));
        Assert.Empty(ack.Rejections);

        // A replayed older fix (a gateway resending its backlog) does not move A12 back.
        Assert.Empty((await gateway.SendAndAckAsync(Readings.Batch(Position(5, "A12", T0 - 5000, 47.00)))).Rejections);

        var body = await _hub.Http.GetFromJsonAsync<JsonElement>(new Uri(_hub.Host.HttpAddress, "/api/ambulances"));
        Assert.Equal(["A12", "B3"], body.EnumerateArray().Select(a => a.GetProperty("unit").GetString()));
        var a12 = body[0];
        Assert.Equal(TestHub.Gateway1, a12.GetProperty("gatewayId").GetString());
        Assert.Equal("P-0042", a12.GetProperty("patientId").GetString());
        Assert.Equal(47.31, a12.GetProperty("position").GetProperty("lat").GetDouble());
        Assert.Equal(8.05, a12.GetProperty("position").GetProperty("lon").GetDouble());
        Assert.Equal(15.2, a12.GetProperty("position").GetProperty("speed").GetDouble());
        Assert.Equal(92, a12.GetProperty("position").GetProperty("heading").GetDouble());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 1000), a12.GetProperty("position").GetProperty("time").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 601_000), a12.GetProperty("eta").GetDateTimeOffset());
        Assert.Equal("Kantonsspital ED", a12.GetProperty("destination").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 1040), a12.GetProperty("lastSeen").GetDateTimeOffset());
        var status = a12.GetProperty("status");
        Assert.Equal(("mon1", 81.0, false), (status.GetProperty("device").GetString(), status.GetProperty("battery").GetDouble(), status.GetProperty("onMains").GetBoolean()));
        Assert.Equal(["V1"], status.GetProperty("leadsOff").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("SPO2_LOW", status.GetProperty("alarms")[0].GetProperty("code").GetString());
        Assert.Equal(["mon1"], a12.GetProperty("devices").EnumerateArray().Select(d => d.GetString()));

        var b3 = body[1];
        Assert.Equal(JsonValueKind.Null, b3.GetProperty("patientId").ValueKind);
        Assert.Equal(JsonValueKind.Null, b3.GetProperty("status").ValueKind);

        // Cut to the caller's scope like every /api/ answer; no caller, no answer.
        using var physician = _hub.Client(PhysicianToken);
        var scoped = await physician.GetFromJsonAsync<JsonElement>(new Uri(_hub.Host.HttpAddress, "/api/ambulances"));
        Assert.Equal(["A12"], scoped.EnumerateArray().Select(a => a.GetProperty("unit").GetString()));
        using var anonymous = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(_hub.Host.HttpAddress, "/api/ambulances"))).StatusCode);
    }

    [Fact]
    public async Task An_impossible_update_is_rejected_with_a_reason_and_acknowledged()
    {
        await using var gateway = await _hub.ConnectAsync();
        var noUnit = Position(1, "", T0, 47.3);
        var offEarth = Position(2, "A12", T0, 95);
        var empty = new SequencedReading { Sequence = 3, Ambulance = new AmbulanceUpdate { Unit = "A12", DeviceId = "mon1" } };

        var ack = await gateway.SendAndAckAsync(Readings.Batch(noUnit, offEarth, empty));

        Assert.Equal([(1L, 3L)], ack.Ranges.Select(r => (r.First, r.Last)));
        Assert.Equal([(1L, "InvalidAmbulance"), (2L, "InvalidAmbulance"), (3L, "InvalidAmbulance")], ack.Rejections.Select(r => (r.Sequence, r.Reason)));
        Assert.Empty(_hub.Host.Ambulances.Snapshot());
    }
}
