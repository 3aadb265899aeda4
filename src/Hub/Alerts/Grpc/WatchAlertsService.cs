using Google.Protobuf.Collections;
using TelemetryGateway.Contracts.Alerts;
using TelemetryGateway.Contracts.Alerts.V1;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Server;
using TelemetryGateway.Hub.Auth;
using V1 = TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>telemetry.alerts.v1.Alerts (alerts.proto): <c>WatchAlerts</c> streams every change matching the
/// request, after <c>after_event_id</c> from the audit log first, then live. Ends with UNAVAILABLE when the
/// hub stops and RESOURCE_EXHAUSTED when the watcher reads too slowly; both resume from the last event id.
/// The caller presents an API token as <c>authorization: Bearer &lt;token&gt;</c> metadata (UNAUTHENTICATED
/// without one) and sees only the changes its scope admits (PERMISSION_DENIED for a patient outside it).</summary>
internal static class WatchAlertsService
{
    public static ServerServiceDefinition Bind(AlertService alerts, AuthService auth) => ServerServiceDefinition.CreateBuilder()
        .AddMethod(AlertsServiceDescriptor.WatchAlerts,
            (WatchAlertsRequest request, IServerStreamWriter<AlertEvent> responses, ServerCallContext context) => WatchAsync(alerts, auth, request, responses, context))
        .Build();

    private static async Task WatchAsync(AlertService alerts, AuthService auth, WatchAlertsRequest request, IServerStreamWriter<AlertEvent> responses, ServerCallContext context)
    {
        var authorization = context.RequestHeaders.GetValue("authorization");
        var caller = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth.AuthenticateToken(authorization["Bearer ".Length..].Trim())
            : null;
        if (caller is null)
        {
            throw new RpcException(StatusCode.Unauthenticated,
                authorization is null ? "WatchAlerts needs an API token: metadata 'authorization: Bearer <token>'." : "The bearer token is not valid.");
        }
        AlertSeverity? minimum = null;
        if (request.MinSeverity != V1.AlertSeverity.Unspecified)
        {
            minimum = Enum.IsDefined((AlertSeverity)(int)request.MinSeverity) ? (AlertSeverity)(int)request.MinSeverity
                : throw new RpcException(StatusCode.InvalidArgument, $"min_severity {(int)request.MinSeverity} is not a severity.");
        }
        if (request.AfterEventId < 0)
        {
            throw new RpcException(StatusCode.InvalidArgument, "after_event_id must not be negative.");
        }
        var filter = new AlertFilter(Empty(request.Clinic), Empty(request.PatientId), minimum);
        if (!caller.Access.IsEverything)
        {
            if (filter.PatientId is { } patient && !caller.Access.CanSeePatient(patient))
            {
                throw new RpcException(StatusCode.PermissionDenied, $"Patient {patient} is not in your scope.");
            }
            filter = filter with { Visible = caller.Access.CanSeeAlert };
        }
        try
        {
            // Response headers once subscribed, so that a watcher that waits for them misses no change after.
            var changes = alerts.WatchAsync(filter, request.AfterEventId > 0 ? request.AfterEventId : null,
                () => context.WriteResponseHeadersAsync(new Metadata()), context.CancellationToken);
            await foreach (var change in changes.ConfigureAwait(false))
            {
                await responses.WriteAsync(ToProto(change), context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (AlertFeedOverflowException ex)
        {
            throw new RpcException(StatusCode.ResourceExhausted, ex.Message);
        }
        if (alerts.Stopping)
        {
            throw new RpcException(StatusCode.Unavailable, "The hub is shutting down; resume from the last event id.");
        }
    }

    public static AlertEvent ToProto(AlertChange change)
    {
        var message = new AlertEvent
        {
            EventId = change.EventId,
            Action = change.Action,
            Actor = change.Actor,
            Note = change.Note ?? "",
            AtUnixMs = change.At.ToUnixTimeMilliseconds(),
            Notify = change.Notify,
            Alert = ToProto(change.Alert),
        };
        Add(message.Recipients, change.Recipients);
        return message;
    }

    private static Alert ToProto(AlertRecord a)
    {
        var alert = new Alert
        {
            Id = a.Id,
            RuleId = a.RuleId,
            Subject = a.Subject,
            PatientId = a.PatientId ?? "",
            DeviceId = a.DeviceId,
            Clinic = a.Clinic ?? "",
            Severity = (V1.AlertSeverity)(int)a.Severity,
            State = AlertStateNames.ToName(a.State),
            Message = a.Message,
            Kind = a.Kind ?? "",
            Unit = a.Unit ?? "",
            EpisodeStartUnixMs = a.EpisodeStart.ToUnixTimeMilliseconds(),
            RaisedAtUnixMs = a.RaisedAt.ToUnixTimeMilliseconds(),
            LastSeenUnixMs = a.LastSeen.ToUnixTimeMilliseconds(),
            ConditionCleared = a.ConditionCleared,
            EscalationLevel = a.EscalationLevel,
            FollowUpDueUnixMs = a.FollowUpDue?.ToUnixTimeMilliseconds() ?? 0,
            Referral = a.Referral,
            Origin = a.Origin,
        };
        if (a.Value is { } value)
        {
            alert.Value = value;
        }
        return alert;
    }

    private static void Add(RepeatedField<Recipient> field, IReadOnlyList<AlertRecipient> recipients)
    {
        foreach (var recipient in recipients)
        {
            field.Add(new Recipient { Role = recipient.Role, Contact = recipient.Contact });
        }
    }

    private static string? Empty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
