using TelemetryGateway.Core.Alerts;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Contracts;

/// <summary>Alert rule entries (<see cref="AlertThreshold"/>) to and from telemetry.proto <c>Threshold</c>.</summary>
public static class ThresholdMapper
{
    public static Proto.Threshold ToProto(AlertThreshold entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var proto = new Proto.Threshold
        {
            Kind = entry.Kind,
            PatientId = entry.PatientId,
            Severity = AlertSeverityNames.ToName(entry.Severity),
        };
        if (entry.Low is { } low)
        {
            proto.Low = low;
        }
        if (entry.High is { } high)
        {
            proto.High = high;
        }
        if (entry.Duration is { } duration)
        {
            proto.DurationSeconds = duration.TotalSeconds;
        }
        return proto;
    }

    /// <summary>Reads a wire entry; null with the reason when its severity or duration is out of range.</summary>
    public static AlertThreshold? FromProto(Proto.Threshold proto, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(proto);
        if (!AlertSeverityNames.TryParse(proto.Severity, out var severity))
        {
            problem = $"threshold {proto.Kind}: severity '{proto.Severity}' is not advisory, warning, urgent or emergency";
            return null;
        }
        if (proto.HasDurationSeconds && !(double.IsFinite(proto.DurationSeconds) && proto.DurationSeconds >= 0 && proto.DurationSeconds <= TimeSpan.MaxValue.TotalSeconds))
        {
            problem = $"threshold {proto.Kind}: duration_seconds {proto.DurationSeconds} is not a duration";
            return null;
        }
        problem = null;
        return new AlertThreshold(proto.Kind, proto.PatientId, proto.HasLow ? proto.Low : null, proto.HasHigh ? proto.High : null, severity)
        {
            Duration = proto.HasDurationSeconds ? TimeSpan.FromSeconds(proto.DurationSeconds) : null,
        };
    }
}
