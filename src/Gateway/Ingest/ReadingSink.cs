using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Contracts;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Alerts;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Ingest;

/// <summary>
/// The gateway's <see cref="IReadingSink"/>: validate, bind the patient, serialize (telemetry.proto
/// Reading), judge with the alert rules (<see cref="EdgeAlerts"/>, when given), commit the burst and its alert
/// signals to the edge buffer in one transaction, then wake the uplink.
/// </summary>
internal sealed class ReadingSink(
    EdgeBufferStore buffer,
    DeviceBindingTable bindings,
    GatewayMetrics metrics,
    Action<bool, bool> committed,
    TimeProvider time,
    ILogger logger,
    ReadingValidator? validator = null,
    EdgeAlerts? alerts = null) : IReadingSink, IAmbulanceSink
{
    private readonly ReadingValidator _validator = validator ?? ReadingValidator.Default;

    public async Task<IReadOnlyList<long>> AcceptAsync(IReadOnlyList<Reading> readings, CancellationToken ct) =>
        (await SubmitAsync(readings, ct).ConfigureAwait(false)).Sequences;

    public async Task<AcceptResult> SubmitAsync(IReadOnlyList<Reading> readings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var now = time.GetUtcNow();
        var items = new List<(BufferPriority, string, byte[])>(readings.Count);
        var positions = new List<int>(readings.Count);
        var accepted = alerts is null ? null : new List<Reading>(readings.Count);
        List<ReadingRejection>? rejections = null;
        bool urgent = false, bulk = false;
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = bindings.Apply(readings[i] ?? throw new ArgumentException($"Reading {i} is null.", nameof(readings)));
            var verdict = _validator.Validate(reading, now);
            if (!verdict.IsValid)
            {
                (rejections ??= []).Add(new ReadingRejection(i, verdict.Reason, verdict.Message));
                metrics.Rejected(verdict.Reason.ToString());
                IngestLog.ReadingRejected(logger, reading.DeviceId, reading.Kind, verdict.Reason, verdict.Message);
                continue;
            }

            var priority = ToBufferPriority(reading.Priority);
            urgent |= priority >= BufferPriority.Live;
            bulk |= priority == BufferPriority.Bulk;
            items.Add((priority, reading.Key.ToString(), ReadingMapper.ToProto(reading).ToByteArray()));
            positions.Add(i);
            accepted?.Add(reading);
        }

        var sequences = new long[readings.Count];
        if (items.Count > 0)
        {
            IReadOnlyList<long> stored;
            PendingAppend? pending = null;
            var readingCount = items.Count;
            try
            {
                if (alerts is null)
                {
                    stored = await buffer.AppendBatchAsync(items, ct).ConfigureAwait(false);
                }
                else
                {
                    pending = alerts.Append(buffer, accepted!, items, ct);
                    urgent |= pending.Signals.Count > 0;
                    stored = await alerts.CompleteAsync(pending, ct).ConfigureAwait(false);
                }
            }
            catch (BufferFullException ex)
            {
                metrics.Rejected("BufferFull", readingCount);
                IngestLog.BufferFull(logger, readingCount, ex.Message);
                throw;
            }

            // The alert signals, if any, follow the readings in the burst.
            for (var j = 0; j < positions.Count; j++)
            {
                sequences[positions[j]] = stored[j];
            }

            metrics.Accepted(readingCount);
            committed(urgent, bulk);
            if (pending is not null)
            {
                await alerts!.KeepStateAsync(pending, ct).ConfigureAwait(false);
            }
        }

        return new AcceptResult(sequences, (IReadOnlyList<ReadingRejection>?)rejections ?? []);
    }

    public async Task<long> AppendAmbulanceAsync(Contracts.V1.AmbulanceUpdate update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(update);
        var sequence = await buffer.AppendAsync(BufferPriority.Live, AmbulanceUpdateKeys.BufferKey(update), update.ToByteArray(), ct)
            .ConfigureAwait(false);
        committed(true, false);
        return sequence;
    }

    internal static BufferPriority ToBufferPriority(ReadingPriority priority) => priority switch
    {
        ReadingPriority.Alert => BufferPriority.Alert,
        ReadingPriority.Live => BufferPriority.Live,
        _ => BufferPriority.Bulk,
    };
}
