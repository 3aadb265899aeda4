using TelemetryGateway.Core.Alerts;
using Proto = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Contracts;

/// <summary>Core alert signals to and from their wire form (telemetry.proto AlertSignal).</summary>
public static class AlertSignalMapper
{
    /// <summary>Prefix of an alert's buffer key, which is also how the uplink tells alerts from readings.</summary>
    public const string KeyPrefix = "alert|";

    public static Proto.AlertSignal ToProto(AlertSignal signal)
    {
        var proto = new Proto.AlertSignal
        {
            RuleId = signal.RuleId,
            PatientId = signal.PatientId ?? "",
            DeviceId = signal.DeviceId,
            Transition = (Proto.AlertTransition)(int)signal.Transition,
            Severity = (Proto.AlertSeverity)(int)signal.Severity,
            EpisodeStartUnixMs = signal.EpisodeStart.ToUnixTimeMilliseconds(),
            AtUnixMs = signal.At.ToUnixTimeMilliseconds(),
            Message = signal.Message,
            Kind = signal.Kind ?? "",
            Unit = signal.Unit ?? "",
        };
        if (signal.Value is { } value)
        {
            proto.Value = value;
        }

        return proto;
    }

    /// <summary>Reads a wire signal; null with a reason when a field is out of range (the hub rejects it).</summary>
    public static AlertSignal? FromProto(Proto.AlertSignal proto, out string? problem)
    {
        problem = proto switch
        {
            { RuleId: "" } => "alert without rule_id",
            { DeviceId: "" } => "alert without device_id",
            _ when !Enum.IsDefined((AlertTransition)(int)proto.Transition) => $"unknown alert transition {(int)proto.Transition}",
            _ when !Enum.IsDefined((AlertSeverity)(int)proto.Severity) => $"unknown alert severity {(int)proto.Severity}",
            // Out of range, DateTimeOffset throws and would fail the whole batch (resent forever).
            _ => WireTime.Problem("episode_start_unix_ms", proto.EpisodeStartUnixMs) ?? WireTime.Problem("at_unix_ms", proto.AtUnixMs),
        };
        if (problem is not null)
        {
            return null;
        }

        return new AlertSignal
        {
            RuleId = proto.RuleId,
            PatientId = proto.PatientId.Length == 0 ? null : proto.PatientId,
            DeviceId = proto.DeviceId,
            Transition = (AlertTransition)(int)proto.Transition,
            Severity = (AlertSeverity)(int)proto.Severity,
            EpisodeStart = WireTime.At(proto.EpisodeStartUnixMs),
            At = WireTime.At(proto.AtUnixMs),
            Message = proto.Message,
            Kind = proto.Kind.Length == 0 ? null : proto.Kind,
            Value = proto.HasValue ? proto.Value : null,
            Unit = proto.Unit.Length == 0 ? null : proto.Unit,
        };
    }

    /// <summary>
    /// The buffer key of a signal: one per (subject, rule, episode, transition, time), so the same signal
    /// appended twice (a source replaying readings) is stored once, while each update of an episode is kept.
    /// </summary>
    public static string BufferKey(AlertSignal signal) =>
        $"{KeyPrefix}{signal.Subject}|{signal.RuleId}|{signal.EpisodeStart.ToUnixTimeMilliseconds()}|{(int)signal.Transition}|{signal.At.ToUnixTimeMilliseconds()}";
}
