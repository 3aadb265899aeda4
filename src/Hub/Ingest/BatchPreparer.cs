using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Core;
using AlertSignal = TelemetryGateway.Core.Alerts.AlertSignal;
using Reading = TelemetryGateway.Core.Reading;
using TelemetryGateway.Hub.Ambulances;

namespace TelemetryGateway.Hub;

/// <summary>Maps, validates and binds the readings of one batch (pure apart from counting rejections).</summary>
/// <param name="cannotStore">The store's own limits (<see cref="Storage.SeriesStore.IReadingStore.CannotStore"/>).</param>
internal sealed class BatchPreparer(ReadingValidator validator, BindingTable bindings, HubMetrics metrics, Func<Reading, string?> cannotStore)
{
    /// <summary>Rejection reason of a reading the store could never hold (a limit of its backend).</summary>
    public const string Unstorable = "Unstorable";

    /// <summary>Rejection reason of a SequencedReading that carries no reading at all (not a <see cref="RejectReason"/>:
    /// the validator never sees it).</summary>
    public const string MissingReading = "MissingReading";

    /// <summary>Rejection reason of a reading with a time field no time can have (years 1-9999, offsets ±14 h):
    /// decided while mapping, before the validator (not a <see cref="RejectReason"/>).</summary>
    public const string InvalidTime = "InvalidTime";

    /// <summary>Rejection reason of an alert signal with a missing or out-of-range field.</summary>
    public const string InvalidAlert = "InvalidAlert";

    /// <summary>Rejection reason of an ambulance update without unit/device or with an impossible position.</summary>
    public const string InvalidAmbulance = "InvalidAmbulance";

    /// <summary>Validates every reading of <paramref name="batch"/> against the hub clock <paramref name="now"/>.</summary>
    public PreparedBatch Prepare(ReadingBatch batch, DateTimeOffset now)
    {
        var count = batch.Readings.Count;
        var sequences = new long[count];
        var valid = new List<Reading>(count);
        var validSequences = new List<long>(count);
        var rejections = new List<Rejection>();
        var alerts = new List<AlertSignal>();
        var ambulances = new List<AmbulanceUpdate>();
        for (var i = 0; i < count; i++)
        {
            var sequenced = batch.Readings[i];
            sequences[i] = sequenced.Sequence;
            if (sequenced.Alert is { } wireAlert)
            {
                // The gateway resolved the patient from the bindings this hub pushed before it raised the alert.
                if (AlertSignalMapper.FromProto(wireAlert, out var alertProblem) is { } alert)
                {
                    alerts.Add(alert);
                }
                else
                {
                    Reject(rejections, sequenced.Sequence, InvalidAlert, alertProblem!);
                }

                continue;
            }
            if (sequenced.Ambulance is { } ambulance)
            {
                if (AmbulanceRegistry.Problem(ambulance) is { } ambulanceProblem)
                {
                    Reject(rejections, sequenced.Sequence, InvalidAmbulance, ambulanceProblem);
                }
                else
                {
                    ambulances.Add(ambulance);
                }

                continue;
            }
            if (sequenced.Reading is null)
            {
                Reject(rejections, sequenced.Sequence, MissingReading, "The batch entry carries no reading, alert or ambulance update.");
                continue;
            }
            if (ReadingMapper.FromProto(sequenced.Reading, out var timeProblem) is not { } reading)
            {
                Reject(rejections, sequenced.Sequence, InvalidTime, $"{timeProblem}.");
                continue;
            }
            var verdict = validator.Validate(reading, now);
            if (!verdict.IsValid)
            {
                Reject(rejections, sequenced.Sequence, verdict.Reason.ToString(), verdict.Message);
                continue;
            }
            if (reading.Reported is { } reported && !double.IsFinite(reported.Value))
            {
                // The store cannot keep a NaN; the validator only judges the canonical value.
                Reject(rejections, sequenced.Sequence, nameof(RejectReason.NonFiniteValue), $"{reading.Kind} reported value is {reported.Value}.");
                continue;
            }
            if (cannotStore(reading) is { } limit)
            {
                Reject(rejections, sequenced.Sequence, Unstorable, $"{reading.Kind} of device {reading.DeviceId}: {limit}.");
                continue;
            }
            valid.Add(bindings.Apply(reading));
            validSequences.Add(sequenced.Sequence);
        }
        return new PreparedBatch(sequences, valid, validSequences, rejections, alerts) { Ambulances = ambulances };
    }

    /// <summary>Counts a reading the store rejected while writing and returns its rejection for the ack.</summary>
    public Rejection StoreRejected(PreparedBatch batch, Storage.SeriesStore.StoreRejection rejected)
    {
        metrics.Rejected(Unstorable);
        return new Rejection { Sequence = batch.ValidSequences[rejected.Index], Reason = Unstorable, Message = rejected.Reason };
    }

    private void Reject(List<Rejection> rejections, long sequence, string reason, string message)
    {
        rejections.Add(new Rejection { Sequence = sequence, Reason = reason, Message = message });
        metrics.Rejected(reason);
    }
}
