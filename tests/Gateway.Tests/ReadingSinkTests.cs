using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Ingest;
using TelemetryGateway.Gateway.Tests.Infrastructure;
using TelemetryGateway.Storage.EdgeBuffer;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Tests;

public sealed class ReadingSinkTests : IAsyncLifetime, IDisposable
{
    private readonly GatewayFixture _fixture = new();
    private readonly GatewayMetrics _metrics = new();
    private readonly List<(bool Urgent, bool Bulk)> _wakes = [];
    private EdgeBufferStore _buffer = null!;
    private DeviceBindingTable _bindings = null!;
    private ReadingSink _sink = null!;

    public async Task InitializeAsync()
    {
        _buffer = await EdgeBufferStore.OpenAsync(new EdgeBufferOptions { Path = Path.Combine(_fixture.DataDirectory, "buffer.db") });
        _bindings = new DeviceBindingTable(_fixture.DataDirectory);
        _sink = new ReadingSink(_buffer, _bindings, _metrics, (u, b) => _wakes.Add((u, b)), TimeProvider.System, NullLogger.Instance);
    }

    public async Task DisposeAsync() => await _buffer.DisposeAsync();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Accepted_readings_are_buffered_as_telemetry_proto_with_priority_and_idempotency_key()
    {
        Reading[] readings =
        [
            GatewayFixture.HeartRate("cuff-1", 17),
            GatewayFixture.HeartRate("monitor-7", 3, ReadingPriority.Live),
            GatewayFixture.HeartRate("monitor-7", 4, ReadingPriority.Alert, patient: "P-1"),
        ];

        var sequences = await _sink.AcceptAsync(readings, CancellationToken.None);

        Assert.Equal(3, sequences.Distinct().Count());
        Assert.All(sequences, s => Assert.True(s > 0));
        var items = await _buffer.ReadBatchAsync(0, null, 10, long.MaxValue);
        Assert.Equal(sequences, items.Select(i => i.Sequence));
        Assert.Equal([BufferPriority.Bulk, BufferPriority.Live, BufferPriority.Alert], items.Select(i => i.Priority));
        Assert.Equal("heart.rate|r17|cuff-1", items[0].DedupKey);
        for (var i = 0; i < readings.Length; i++)
        {
            var decoded = ReadingMapper.FromProto(Proto.Reading.Parser.ParseFrom(items[i].Payload));
            Assert.Equal(readings[i].Key, decoded.Key);
            Assert.Equal(readings[i].PatientId, decoded.PatientId);
            Assert.Equal(readings[i].Priority, decoded.Priority);
        }

        Assert.Equal(3, _metrics.ReadingsAccepted);
        Assert.Equal([(true, true)], _wakes);
    }

    [Fact]
    public async Task Invalid_readings_are_refused_with_their_reason_counted_and_never_buffered()
    {
        var good = GatewayFixture.HeartRate("cuff-1", 1);
        Reading[] readings =
        [
            good with { Kind = "heart.beat" },
            good,
            good with { DeviceRecordNumber = 2, Value = double.NaN },
            good with { DeviceRecordNumber = 3, Value = 900 },
        ];

        var result = await _sink.SubmitAsync(readings, CancellationToken.None);

        Assert.Equal(AcceptResult.NotAccepted, result.Sequences[0]);
        Assert.True(result.Sequences[1] > 0);
        Assert.Equal([0L, 0L], result.Sequences.Skip(2));
        Assert.Equal(
            [(0, RejectReason.UnknownKind), (2, RejectReason.NonFiniteValue), (3, RejectReason.OutOfPhysiologicalRange)],
            result.Rejections.Select(r => (r.Index, r.Reason)));
        Assert.Contains("900", result.Rejections[2].Message);
        Assert.Equal([result.Sequences[1]], await GatewayFixture.BufferedSequences(_buffer));
        Assert.Equal((1L, 3L), (_metrics.ReadingsAccepted, _metrics.ReadingsRejected));
        Assert.Equal(1, _metrics.RejectedByReason["OutOfPhysiologicalRange"]);

        var none = await _sink.AcceptAsync([good with { DeviceId = "" }], CancellationToken.None);
        Assert.Equal([0L], none);
        Assert.Single(_wakes); // nothing committed, nothing to wake the uplink for
    }

    [Fact]
    public async Task A_reading_still_buffered_gets_its_original_sequence()
    {
        var reading = GatewayFixture.HeartRate("meter-2", 5);
        var first = await _sink.AcceptAsync([reading], CancellationToken.None);
        var again = await _sink.AcceptAsync([reading with { ReceivedAt = reading.ReceivedAt.AddSeconds(1) }], CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Single(await GatewayFixture.BufferedSequences(_buffer));
    }

    [Fact]
    public async Task Hub_bindings_name_the_patient_of_readings_without_one_and_survive_a_restart()
    {
        var now = DateTimeOffset.UtcNow;
        var configuration = new Proto.Configuration { Version = 3 };
        configuration.Bindings.Add(new Proto.DeviceBinding { DeviceId = "cuff-1", PatientId = "P-100", FromUnixMs = now.AddHours(-1).ToUnixTimeMilliseconds() });
        configuration.Bindings.Add(new Proto.DeviceBinding
        {
            DeviceId = "cuff-2", PatientId = "P-200",
            FromUnixMs = now.AddHours(-2).ToUnixTimeMilliseconds(), UntilUnixMs = now.AddHours(-1).ToUnixTimeMilliseconds(),
        });
        await _bindings.UpdateAsync(configuration, CancellationToken.None);

        await _sink.AcceptAsync(
        [
            GatewayFixture.HeartRate("cuff-1", 1),                   // bound now → P-100
            GatewayFixture.HeartRate("cuff-1", 2, patient: "P-999"), // the device named a patient: kept
            GatewayFixture.HeartRate("cuff-2", 1),                   // binding ended an hour ago → none
        ], CancellationToken.None);

        var items = await _buffer.ReadBatchAsync(0, null, 10, long.MaxValue);
        var patients = items.Select(i => Proto.Reading.Parser.ParseFrom(i.Payload).PatientId).ToArray();
        Assert.Equal(["P-100", "P-999", ""], patients);

        var reloaded = new DeviceBindingTable(_fixture.DataDirectory);
        await reloaded.LoadAsync(CancellationToken.None);
        Assert.Equal(3, reloaded.Version);
        Assert.Equal("P-100", reloaded.Apply(GatewayFixture.HeartRate("cuff-1", 9)).PatientId);
    }

    [Fact]
    public async Task A_full_buffer_refuses_the_whole_burst_and_counts_it()
    {
        await using var tiny = await EdgeBufferStore.OpenAsync(new EdgeBufferOptions { Path = Path.Combine(_fixture.DataDirectory, "tiny.db"), CapacityBytes = 300 });
        var sink = new ReadingSink(tiny, _bindings, _metrics, (_, _) => { }, TimeProvider.System, NullLogger.Instance);
        await sink.AcceptAsync([GatewayFixture.HeartRate("m", 1, ReadingPriority.Alert)], CancellationToken.None);

        await Assert.ThrowsAsync<BufferFullException>(() => sink.AcceptAsync(
            [.. Enumerable.Range(2, 5).Select(i => GatewayFixture.HeartRate("m", i, ReadingPriority.Alert))], CancellationToken.None));

        Assert.Equal(5, _metrics.RejectedByReason["BufferFull"]);
        Assert.Single(await GatewayFixture.BufferedSequences(tiny));
    }
}
