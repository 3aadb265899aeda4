using Microsoft.Extensions.Logging;
using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>
/// Keeps one session to the hub alive: connect, run until it fails, back off (jittered exponential; the
/// maximum delay after UNAUTHENTICATED, so a revoked gateway keeps buffering without hammering the hub),
/// reconnect. Each new session resends everything unacknowledged.
/// </summary>
internal sealed class UplinkService(UplinkContext context, RetryPolicy retry)
{
    public UplinkContext Context => context;

    public async Task RunAsync(CancellationToken stop)
    {
        var logger = context.Logger;
        var options = context.Options;
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            if (!first)
            {
                context.Metrics.Reconnected();
            }

            first = false;
            context.Metrics.SetState(UplinkState.Connecting);
            UplinkLog.Connecting(logger, options.HubUrl, options.Id);
            try
            {
                using var session = new UplinkSession(context, stop);
                await session.RunAsync(OnWelcome).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                await BackOffAsync(ex, stop).ConfigureAwait(false);
            }
        }

        context.Metrics.SetState(UplinkState.Stopped);
        UplinkLog.Stopped(logger);
    }

    private void OnWelcome(Welcome welcome, int maxBatch, long buffered)
    {
        retry.Reset();
        context.Metrics.SetState(UplinkState.Connected);
        UplinkLog.Connected(context.Logger, welcome.HubId, maxBatch, buffered);
    }

    private async Task BackOffAsync(Exception failure, CancellationToken stop)
    {
        TimeSpan delay;
        if (FailureClassifier.Classify(failure) == FailureKind.Unauthenticated)
        {
            delay = retry.MaxDelay();
            context.Metrics.AuthenticationFailed();
            context.Metrics.SetState(UplinkState.Unauthenticated);
            UplinkLog.Unauthenticated(context.Logger, context.Options.Id, failure.Message, delay.TotalMilliseconds);
        }
        else
        {
            delay = retry.NextDelay();
            context.Metrics.SetState(UplinkState.BackingOff);
            UplinkLog.Failed(context.Logger, context.Options.HubUrl, FailureClassifier.Reason(failure), failure.Message, delay.TotalMilliseconds);
        }

        try
        {
            await retry.DelayAsync(delay, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
