using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bench.Store;

/// <summary>Ambulance monitors: 50 devices × 6 vitals at 1 Hz, keyed by measured time, ending two hours ago.</summary>
internal static class Workload
{
    private static readonly string[] Kinds = [ReadingKinds.HeartRate, ReadingKinds.SpO2, ReadingKinds.RespRate, ReadingKinds.EtCO2, ReadingKinds.BpSystolic, ReadingKinds.BpDiastolic];
    private static readonly double[] Typical = [75, 95, 16, 38, 125, 80];

    public static Core.Reading[] Monitors(int count)
    {
        var seconds = count / (Kinds.Length * 50) + 1;
        var t0 = DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(-seconds);
        t0 = t0.AddTicks(-(t0.UtcTicks % TimeSpan.TicksPerSecond));
        var readings = new Core.Reading[count];
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[i % Kinds.Length];
            var device = i / Kinds.Length % 50;
            var measured = t0.AddSeconds(i / (Kinds.Length * 50)).AddMilliseconds(device * 7);
            readings[i] = new Core.Reading
            {
                Kind = kind,
                Value = Typical[i % Kinds.Length] + (i % 9) * 0.5,
                Unit = ReadingKinds.Get(kind).Unit,
                DeviceId = $"monitor-{device:D3}",
                PatientId = $"P-{device + 1000}",
                Source = ReadingSource.Mqtt,
                MeasuredAt = measured,
                ReceivedAt = measured.AddMilliseconds(350),
                Priority = ReadingPriority.Live,
            };
        }
        return readings;
    }

    /// <summary>The readings as Ingest batches with gateway sequence numbers 1..N (encoded before timing starts).</summary>
    public static List<ReadingBatch> Batches(Core.Reading[] readings, int size)
    {
        var batches = new List<ReadingBatch>();
        for (var offset = 0; offset < readings.Length; offset += size)
        {
            var batch = new ReadingBatch();
            for (var i = offset; i < Math.Min(offset + size, readings.Length); i++)
            {
                batch.Readings.Add(new SequencedReading { Sequence = i + 1, Reading = ReadingMapper.ToProto(readings[i]) });
            }
            batches.Add(batch);
        }
        return batches;
    }
}
