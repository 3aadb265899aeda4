using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;
using ProtoReading = TelemetryGateway.Contracts.V1.Reading;

namespace TelemetryGateway.Hub.Tests.Infrastructure;

/// <summary>Readings and batches for tests, built as Core readings and mapped to the wire like a gateway does.</summary>
public static class Readings
{
    /// <summary>A whole-second base time a week ago: exact in Unix milliseconds, and record n measured n
    /// seconds later stays in the past of the hub clock for up to 600 000 records.</summary>
    public static readonly DateTimeOffset Base = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7 * 86400);

    public static Core.Reading Systolic(string device, long record, double value = 128, string? patient = null) => new()
    {
        Kind = ReadingKinds.BpSystolic,
        Value = value,
        Unit = "mm[Hg]",
        DeviceId = device,
        PatientId = patient,
        Source = ReadingSource.Ble,
        MeasuredAt = Base.AddSeconds(record),
        ReceivedAt = Base.AddSeconds(record + 5),
        DeviceRecordNumber = record,
    };

    public static Core.Reading Glucose(string device, DateTimeOffset measured, double mmolPerLitre = 6.2) => new()
    {
        Kind = ReadingKinds.Glucose,
        Value = mmolPerLitre,
        Unit = "mmol/L",
        DeviceId = device,
        Source = ReadingSource.Serial,
        MeasuredAt = measured,
        ReceivedAt = measured.AddSeconds(30),
    };

    public static SequencedReading At(long sequence, Core.Reading reading) =>
        new() { Sequence = sequence, Reading = ReadingMapper.ToProto(reading) };

    public static SequencedReading At(long sequence, ProtoReading reading) =>
        new() { Sequence = sequence, Reading = reading };

    public static ReadingBatch Batch(params SequencedReading[] readings)
    {
        var batch = new ReadingBatch();
        batch.Readings.AddRange(readings);
        return batch;
    }

    /// <summary>Systolic readings of <paramref name="device"/> with gateway sequence = device record number, from <paramref name="first"/>.</summary>
    public static ReadingBatch Series(string device, long first, int count)
    {
        var batch = new ReadingBatch();
        for (var i = 0; i < count; i++)
        {
            batch.Readings.Add(At(first + i, Systolic(device, first + i, 100 + (first + i) % 80)));
        }
        return batch;
    }

    /// <summary>Every sequence number the ranges of <paramref name="ack"/> cover.</summary>
    public static List<long> Acknowledged(Ack ack) =>
        ack.Ranges.SelectMany(r => LongRange(r.First, r.Last)).ToList();

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var s = first; s <= last; s++)
        {
            yield return s;
        }
    }
}
