using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Grpc;

namespace TelemetryGateway.Hub;

internal sealed partial class IngestSession
{
    /// <summary>Reads the first message, which must be an authenticating Hello (telemetry.proto, delivery step 1).</summary>
    /// <exception cref="RpcException">UNAUTHENTICATED, counted by reason; UNAVAILABLE while the hub stops.</exception>
    private async Task<Hello> ReadHelloAsync(CancellationToken abort)
    {
        using var timeout = new CancellationTokenSource(_deps.HelloTimeout, _deps.Time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(abort, timeout.Token, _stopping);
        bool received;
        try
        {
            received = await _requests.MoveNext(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            throw Refuse(AuthFailure.MissingHello, "", $"No Hello within {_deps.HelloTimeout.TotalSeconds:0} s of opening the stream.");
        }
        if (!received || _requests.Current.BodyCase != GatewayMessage.BodyOneofCase.Hello)
        {
            throw Refuse(AuthFailure.MissingHello, "",
                received ? $"The first message must be Hello, not {_requests.Current.BodyCase}." : "The stream ended before Hello.");
        }
        var hello = _requests.Current.Hello;
        if (_deps.Authenticator.Authenticate(hello, _context.ClientCertificate) is { } failure)
        {
            throw Refuse(failure.Reason, hello.GatewayId, failure.Message);
        }
        if (_stopping.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
        return hello;
    }

    private RpcException Refuse(string reason, string gatewayId, string message)
    {
        _deps.Metrics.AuthFailed(reason);
        HubLog.AuthFailed(_deps.Logger, _context.Peer, reason, gatewayId);
        return new RpcException(StatusCode.Unauthenticated, message);
    }

    private static RpcException ShuttingDown() =>
        new(StatusCode.Unavailable, "The hub is shutting down; every acknowledged reading is stored. Reconnect and resend the rest.");
}
