using TelemetryGateway.Contracts;
using TelemetryGateway.Contracts.V1;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub;

/// <summary>
/// The Configuration every gateway gets (telemetry.proto, delivery step 5): the device bindings and the alert
/// rules in force, as the complete list of threshold entries (defaults included), so that a gateway judges
/// with exactly the hub's rules even after it missed a change. A new version whenever the rules change:
/// <see cref="Changed"/> completes then, and each stream sends the new one.
/// </summary>
/// <remarks>Version = 1 + the alert rules' version (bindings come from the hub's settings and change only with
/// a restart, which every stream sees as a new connection anyway).</remarks>
internal sealed class ConfigurationFeed : IDisposable
{
    private readonly BindingTable _bindings;
    private readonly AlertService _alerts;
    private readonly Lock _lock = new();
    private Configuration _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConfigurationFeed(BindingTable bindings, AlertService alerts)
    {
        _bindings = bindings;
        _alerts = alerts;
        _current = Build(alerts.RulesVersion, alerts.Rules);
        alerts.RulesChanged += OnRulesChanged;
    }

    /// <summary>The configuration in force. Shared by every stream: never modify it.</summary>
    public Configuration Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Completes at the next change after it was read; read it before <see cref="Current"/> so a change in
    /// between is not missed.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    public void Dispose() => _alerts.RulesChanged -= OnRulesChanged;

    private void OnRulesChanged(object? sender, AlertRulesChangedEventArgs e)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            // Two changes may announce themselves out of order; the newer set wins.
            if (1 + e.Version <= _current.Version)
            {
                return;
            }
            _current = Build(e.Version, e.Rules);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    private Configuration Build(long rulesVersion, Core.Alerts.AlertRuleSet rules)
    {
        var configuration = _bindings.ToConfiguration();
        configuration.Version = 1 + rulesVersion;
        configuration.Thresholds.AddRange(rules.Thresholds.Select(ThresholdMapper.ToProto));
        return configuration;
    }
}
