using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;
using TelemetryGateway.Grpc;
using TelemetryGateway.Hub.Tests.Infrastructure;
using TelemetryGateway.Storage.SeriesStore;

namespace TelemetryGateway.Hub.Tests;

/// <summary>telemetry.proto delivery steps 2–4: batches stored once, acknowledged in order with every sequence.</summary>
public sealed class IngestTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_batch_is_stored_and_its_ack_covers_every_sequence()
    {
        await using var gateway = await _hub.ConnectAsync();
        // Not contiguous: live readings overtake a backlog, so a batch may skip sequence numbers.
        var batch = Readings.Batch(
            Readings.At(10, Readings.Systolic("cuff-1", 1)),
            Readings.At(11, Readings.Systolic("cuff-1", 2)),
            Readings.At(12, Readings.Systolic("cuff-1", 3)),
            Readings.At(40, Readings.Glucose("meter-1", Readings.Base)),
            Readings.At(41, Readings.Glucose("meter-1", Readings.Base.AddHours(1))));

        var ack = await gateway.SendAndAckAsync(batch);

        Assert.Equal([(10L, 12L), (40L, 41L)], ack.Ranges.Select(r => (r.First, r.Last)));
        Assert.Empty(ack.Rejections);
        Assert.Equal(5, await _hub.Host.Store.CountAsync());
        var stored = await _hub.Host.Store.QueryAsync(new ReadingQuery { DeviceId = "cuff-1", Order = QueryOrder.OldestFirst });
        Assert.Equal([1L, 2L, 3L], stored.Select(s => s.Reading.DeviceRecordNumber!.Value));
        Assert.All(stored, s => Assert.Equal(TestHub.Gateway1, s.GatewayId));
        Assert.Equal(5, _hub.Host.Metrics.ReadingsReceived);
        Assert.Equal(5, _hub.Host.Metrics.ReadingsStored);
        Assert.Equal(1, _hub.Host.Metrics.IngestBatches);
    }

    [Fact]
    public async Task Acks_come_in_batch_order_for_pipelined_batches()
    {
        await using var gateway = await _hub.ConnectAsync();
        const int batches = 30;
        for (var i = 0; i < batches; i++)
        {
            await gateway.SendBatchAsync(Readings.Series("cuff-1", 1 + i * 100L, 100));
        }
        for (var i = 0; i < batches; i++)
        {
            var message = await gateway.ReadAsync();
            Assert.Equal(HubMessage.BodyOneofCase.Ack, message.BodyCase);
            Assert.Empty(message.Ack.Rejections);
            var range = Assert.Single(message.Ack.Ranges);
            Assert.Equal((1 + i * 100L, (i + 1) * 100L), (range.First, range.Last));
        }
        Assert.Equal(batches * 100, await _hub.Host.Store.CountAsync());
        await gateway.CompleteAsync();
    }

    [Fact]
    public async Task A_resent_batch_is_stored_once_and_acked_again()
    {
        await using var gateway = await _hub.ConnectAsync();
        var batch = Readings.Series("cuff-1", 1, 20);

        var first = await gateway.SendAndAckAsync(batch);
        var again = await gateway.SendAndAckAsync(batch);

        Assert.Equal(first.Ranges, again.Ranges);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), Readings.Acknowledged(again));
        Assert.Equal(20, await _hub.Host.Store.CountAsync());
        Assert.Equal(20, _hub.Host.Metrics.ReadingsStored);
        Assert.Equal(20, _hub.Host.Metrics.ReadingsDuplicate);
    }

    [Fact]
    public async Task A_replay_after_reconnect_is_stored_once()
    {
        var batch = Readings.Series("cuff-1", 1, 20);
        await using (var gateway = await _hub.ConnectAsync())
        {
            await gateway.SendAndAckAsync(batch);
        }
        await using var reconnected = await _hub.ConnectAsync();

        var ack = await reconnected.SendAndAckAsync(batch);

        Assert.Equal(20, Readings.Acknowledged(ack).Count);
        Assert.Equal(20, await _hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task Two_gateways_syncing_the_same_device_record_store_it_once()
    {
        await using var first = await _hub.ConnectAsync(TestHub.Gateway1, TestHub.Secret1);
        await using var second = await _hub.ConnectAsync(TestHub.Gateway2, TestHub.Secret2);
        // The same meter memory pulled by two village doctors' gateways: same device record, different gateway sequences.
        var record = Readings.Systolic("shared-cuff", 17, 151);

        var ack1 = await first.SendAndAckAsync(Readings.Batch(Readings.At(5, record)));
        var ack2 = await second.SendAndAckAsync(Readings.Batch(Readings.At(900, record with { ReceivedAt = record.ReceivedAt.AddMinutes(3) })));

        Assert.Equal([5L], Readings.Acknowledged(ack1));
        Assert.Equal([900L], Readings.Acknowledged(ack2));
        var stored = Assert.Single(await _hub.Host.Store.QueryAsync(new ReadingQuery { DeviceId = "shared-cuff" }));
        Assert.Equal(TestHub.Gateway1, stored.GatewayId);
        Assert.Equal(1, _hub.Host.Metrics.ReadingsDuplicate);
    }

    [Fact]
    public async Task Bad_readings_are_rejected_with_their_reason_while_valid_ones_are_stored()
    {
        await using var gateway = await _hub.ConnectAsync();
        var valid = Readings.Systolic("cuff-1", 1);
        var batch = Readings.Batch(
            Readings.At(1, valid),
            Readings.At(2, Readings.Systolic("cuff-1", 2) with { Kind = "bp.sistolic" }),
            Readings.At(3, Readings.Systolic("cuff-1", 3, double.NaN)),
            Readings.At(4, Readings.Systolic("cuff-1", 4, double.PositiveInfinity)),
            Readings.At(5, Readings.Systolic("cuff-1", 5) with { MeasuredAt = DateTimeOffset.UtcNow.AddDays(2) }),
            Readings.At(6, Readings.Systolic("cuff-1", 6) with { Unit = "kPa" }),
            Readings.At(7, Readings.Systolic("cuff-1", 7)),
            new SequencedReading { Sequence = 8 });

        var ack = await gateway.SendAndAckAsync(batch);

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), Readings.Acknowledged(ack));
        Assert.Equal(
            [
                (2L, nameof(RejectReason.UnknownKind)),
                (3L, nameof(RejectReason.NonFiniteValue)),
                (4L, nameof(RejectReason.NonFiniteValue)),
                (5L, nameof(RejectReason.MeasuredInFuture)),
                (6L, nameof(RejectReason.WrongUnit)),
                (8L, "MissingReading"),
            ],
            ack.Rejections.Select(r => (r.Sequence, r.Reason)));
        Assert.All(ack.Rejections, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        Assert.Contains("bp.sistolic", ack.Rejections[0].Message);
        var stored = await _hub.Host.Store.QueryAsync(new ReadingQuery { Order = QueryOrder.OldestFirst });
        Assert.Equal([1L, 7L], stored.Select(s => s.Reading.DeviceRecordNumber!.Value));

        var metrics = _hub.Host.Metrics;
        Assert.Equal(1, metrics.ReadingsRejected(nameof(RejectReason.UnknownKind)));
        Assert.Equal(2, metrics.ReadingsRejected(nameof(RejectReason.NonFiniteValue)));
        Assert.Equal(1, metrics.ReadingsRejected(nameof(RejectReason.MeasuredInFuture)));
        Assert.Equal(1, metrics.ReadingsRejected(nameof(RejectReason.WrongUnit)));
        Assert.Equal(6, metrics.ReadingsRejectedTotal);
        Assert.Equal(8, metrics.ReadingsReceived);
        Assert.Equal(2, metrics.ReadingsStored);

        // The stream goes on.
        var next = await gateway.SendAndAckAsync(Readings.Batch(Readings.At(9, Readings.Systolic("cuff-1", 9))));
        Assert.Equal([9L], Readings.Acknowledged(next));
        Assert.Equal(3, await _hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task Readings_with_out_of_range_time_fields_are_rejected_while_the_rest_of_the_batch_is_stored()
    {
        await using var gateway = await _hub.ConnectAsync();
        // Each bad field once threw while the batch was mapped: the stream failed and the gateway resent the
        // same batch forever. Now each is that reading's own rejection.
        var farZone = ReadingMapper.ToProto(Readings.Systolic("cuff-1", 2) with { DeviceTime = Readings.Base.AddHours(-3) });
        farZone.DeviceOffsetMinutes = 5000; // beyond ±840 (±14 h)
        var farMeasured = ReadingMapper.ToProto(Readings.Systolic("cuff-1", 3));
        farMeasured.MeasuredUnixMs = long.MaxValue; // past year 9999
        var farMeasuredZone = ReadingMapper.ToProto(Readings.Systolic("cuff-1", 5));
        farMeasuredZone.MeasuredOffsetMinutes = -841;
        var farDevice = ReadingMapper.ToProto(Readings.Systolic("cuff-1", 6) with { DeviceTime = Readings.Base });
        farDevice.DeviceUnixMs = long.MinValue;
        var farReceived = ReadingMapper.ToProto(Readings.Systolic("cuff-1", 7));
        farReceived.ReceivedUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds() - 1;
        var batch = Readings.Batch(
            Readings.At(1, Readings.Systolic("cuff-1", 1)),
            Readings.At(2, farZone),
            Readings.At(3, farMeasured),
            Readings.At(4, Readings.Systolic("cuff-1", 4) with { DeviceTime = Readings.Base.AddHours(-2) }),
            Readings.At(5, farMeasuredZone),
            Readings.At(6, farDevice),
            Readings.At(7, farReceived),
            Readings.At(8, Readings.Systolic("cuff-1", 8)));

        var ack = await gateway.SendAndAckAsync(batch);

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), Readings.Acknowledged(ack));
        Assert.Equal([2L, 3L, 5L, 6L, 7L], ack.Rejections.Select(r => r.Sequence));
        Assert.All(ack.Rejections, r => Assert.Equal("InvalidTime", r.Reason));
        Assert.Equal(
            ["device_offset_minutes 5000", "measured_unix_ms 9223372036854775807", "measured_offset_minutes -841", "device_unix_ms -9223372036854775808", "received_unix_ms -62135596800001"],
            ack.Rejections.Select(r => string.Join(' ', r.Message.Split(' ').Take(2))));
        var stored = await _hub.Host.Store.QueryAsync(new ReadingQuery { Order = QueryOrder.OldestFirst });
        Assert.Equal([1L, 4L, 8L], stored.Select(s => s.Reading.DeviceRecordNumber!.Value));
        Assert.Equal(Readings.Base.AddHours(-2), stored[1].Reading.DeviceTime);
        Assert.Equal(5, _hub.Host.Metrics.ReadingsRejected("InvalidTime"));
        Assert.Equal(5, _hub.Host.Metrics.ReadingsRejectedTotal);
        Assert.Equal(3, _hub.Host.Metrics.ReadingsStored);

        // The stream goes on.
        var next = await gateway.SendAndAckAsync(Readings.Batch(Readings.At(9, Readings.Systolic("cuff-1", 9))));
        Assert.Equal([9L], Readings.Acknowledged(next));
        Assert.Equal(4, await _hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task A_reading_received_in_the_future_of_the_hub_clock_is_rejected()
    {
        await using var gateway = await _hub.ConnectAsync();
        var ahead = DateTimeOffset.UtcNow.AddHours(1);
        var reading = Readings.Systolic("cuff-1", 1) with { MeasuredAt = ahead, ReceivedAt = ahead };

        var ack = await gateway.SendAndAckAsync(Readings.Batch(Readings.At(1, reading)));

        Assert.Equal(nameof(RejectReason.ReceivedInFuture), Assert.Single(ack.Rejections).Reason);
        Assert.Equal(0, await _hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task Readings_without_a_patient_get_the_bound_patient()
    {
        await using var gateway = await _hub.ConnectAsync();
        var batch = Readings.Batch(
            Readings.At(1, Readings.Systolic(TestHub.BoundDevice, 1)),
            Readings.At(2, Readings.Systolic(TestHub.BoundDevice, 2, patient: "patient-from-device")),
            Readings.At(3, Readings.Systolic("unbound-cuff", 3)));

        await gateway.SendAndAckAsync(batch);

        var stored = await _hub.Host.Store.QueryAsync(new ReadingQuery { Order = QueryOrder.OldestFirst });
        Assert.Equal([TestHub.BoundPatient, "patient-from-device", null], stored.Select(s => s.Reading.PatientId));
    }

    [Fact]
    public async Task An_oversized_batch_ends_the_stream_with_invalid_argument_after_acking_earlier_batches()
    {
        await using var gateway = await _hub.ConnectAsync();
        await gateway.SendBatchAsync(Readings.Series("cuff-1", 1, 10));
        await gateway.SendBatchAsync(Readings.Series("cuff-1", 100, gateway.Welcome.MaxBatchReadings + 1));

        var ack = await gateway.ReadAsync();
        var error = await gateway.ExpectErrorAsync();

        Assert.Equal(10, Readings.Acknowledged(ack.Ack).Count);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("2001", error.Status.Detail);
        Assert.Equal(10, await _hub.Host.Store.CountAsync());
    }

    [Fact]
    public async Task A_batch_of_exactly_the_limit_is_accepted()
    {
        await using var gateway = await _hub.ConnectAsync();

        var ack = await gateway.SendAndAckAsync(Readings.Series("cuff-1", 1, gateway.Welcome.MaxBatchReadings));

        Assert.Equal(gateway.Welcome.MaxBatchReadings, Readings.Acknowledged(ack).Count);
    }

    [Fact]
    public async Task An_empty_batch_gets_an_empty_ack()
    {
        await using var gateway = await _hub.ConnectAsync();

        var ack = await gateway.SendAndAckAsync(new ReadingBatch());

        Assert.Empty(ack.Ranges);
        Assert.Empty(ack.Rejections);
    }
}
