using System.Collections.Concurrent;

namespace TelemetryGateway.Hub;

/// <summary>Every gateway the hub has configured or heard from, and which ingest stream is current for each.</summary>
internal sealed class GatewayRegistry
{
    private readonly ConcurrentDictionary<string, GatewayState> _gateways = new(StringComparer.Ordinal);

    public GatewayRegistry(IEnumerable<string> configured)
    {
        foreach (var id in configured)
        {
            _gateways.TryAdd(id, new GatewayState(id));
        }
    }

    public GatewayState Get(string id) => _gateways.GetOrAdd(id, static key => new GatewayState(key));

    /// <summary>When the hub last stored and acknowledged readings of gateway <paramref name="id"/>; null when never (hub clock).</summary>
    public DateTimeOffset? LastAckedAt(string id) => _gateways.TryGetValue(id, out var gateway) ? gateway.LastAckedAt : null;

    public IReadOnlyList<GatewaySnapshot> Snapshot() =>
        _gateways.Values.Select(g => g.Snapshot()).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
}
