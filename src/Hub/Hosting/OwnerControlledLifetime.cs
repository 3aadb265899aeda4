using Microsoft.Extensions.Hosting;

namespace TelemetryGateway.Hub;

/// <summary>Replaces the console lifetime: the hub is a component that its owner (the CLI, a test) stops
/// with <see cref="HubHost.StopAsync"/>, which drains ingest streams first. A SIGTERM caught inside the
/// web host would stop Kestrel without that drain.</summary>
internal sealed class OwnerControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
