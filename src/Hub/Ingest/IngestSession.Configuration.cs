using TelemetryGateway.Contracts.V1;

namespace TelemetryGateway.Hub;

internal sealed partial class IngestSession
{
    // The ack loop and the configuration pusher both write responses; one at a time.
    private readonly SemaphoreSlim _writing = new(1, 1);

    private async Task WriteAsync(HubMessage message, CancellationToken ct)
    {
        await _writing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _responses.WriteAsync(message, ct).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The configuration to send after Welcome, and its version.</summary>
    private Configuration InitialConfiguration() => _deps.Configurations?.Current ?? _deps.Bindings.ToConfiguration();

    /// <summary>Sends the configuration again whenever it changes (new alert rules), until <paramref name="ct"/>
    /// ends the stream. A gateway always ends up with the newest: changes in quick succession collapse.</summary>
    private async Task PushConfigurationsAsync(GatewayState gateway, long sentVersion, CancellationToken ct)
    {
        if (_deps.Configurations is not { } feed)
        {
            return;
        }
        try
        {
            while (true)
            {
                var changed = feed.Changed;
                var current = feed.Current;
                if (current.Version != sentVersion)
                {
                    await WriteAsync(new HubMessage { Configuration = current }, ct).ConfigureAwait(false);
                    sentVersion = current.Version;
                    HubLog.ConfigurationPushed(_deps.Logger, gateway.Id, current.Version, current.Thresholds.Count);
                    continue;
                }
                await changed.WaitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The stream ended.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // The client went away mid-write; the next stream starts with the newest configuration.
        }
    }
}
