using TelemetryGateway.Core.Alerts;

namespace TelemetryGateway.Hub.Alerts;

/// <summary>The rules changed: push <see cref="Rules"/> (its <see cref="AlertRuleSet.Thresholds"/>) to gateways.</summary>
public sealed class AlertRulesChangedEventArgs(long version, AlertRuleSet rules) : EventArgs
{
    public long Version { get; } = version;

    public AlertRuleSet Rules { get; } = rules;
}

/// <summary>A refused rule change (400) or the rule set now in force.</summary>
public sealed record AlertRulesUpdate(string? Error, long Version, AlertRuleSet? Rules);

public sealed partial class AlertService
{
    private const string RulesVersionKey = "rules_version";

    private volatile AlertRuleSet _rules = AlertRuleSet.Default;
    private long _rulesVersion;

    /// <summary>Raised after a rule change is stored, outside the service's lock, with the complete set in force.</summary>
    public event EventHandler<AlertRulesChangedEventArgs>? RulesChanged;

    /// <summary>The rules in force: the defaults with every entry set through the API applied.</summary>
    public AlertRuleSet Rules => _rules;

    /// <summary>Increases with every stored change (0: the defaults, never changed); the version to put in
    /// telemetry.proto <c>Configuration.version</c>.</summary>
    public long RulesVersion => Interlocked.Read(ref _rulesVersion);

    /// <summary>Applies threshold entries over the rules in force (each replaces the entry with the same key)
    /// or, with <paramref name="replacePatient"/>, replaces every override of that patient. Validated as a
    /// whole first: an invalid entry changes nothing.</summary>
    public async Task<AlertRulesUpdate> SetThresholdsAsync(IReadOnlyList<AlertThreshold> entries, string? replacePatient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (AlertRuleSet.Validate(entry) is { } error)
            {
                return new AlertRulesUpdate(error, RulesVersion, null);
            }
            if (replacePatient is not null && !string.Equals(entry.PatientId, replacePatient, StringComparison.Ordinal))
            {
                return new AlertRulesUpdate($"Threshold {entry.Kind} is for '{entry.PatientId}', not patient '{replacePatient}'.", RulesVersion, null);
            }
        }
        var update = await ChangeAsync((store, _, _) =>
        {
            if (replacePatient is not null)
            {
                store.ClearPatientThresholds(replacePatient);
            }
            store.SetThresholds(entries);
            var stored = store.Thresholds();
            if (!AlertRuleSet.TryFromThresholds(stored, out var rules, out var error))
            {
                throw new InvalidOperationException(error);
            }
            var version = store.Meta(RulesVersionKey) + 1;
            store.SetMeta(RulesVersionKey, version);
            _rules = rules;
            Interlocked.Exchange(ref _rulesVersion, version);
            AlertLog.RulesChanged(_logger, version, stored.Count);
            return new AlertRulesUpdate(null, version, rules);
        }, ct).ConfigureAwait(false);
        RulesChanged?.Invoke(this, new AlertRulesChangedEventArgs(update.Version, update.Rules!));
        return update;
    }

    private void LoadRules()
    {
        var stored = _store.Thresholds();
        _rulesVersion = _store.Meta(RulesVersionKey);
        if (AlertRuleSet.TryFromThresholds(stored, out var rules, out var error))
        {
            _rules = rules;
        }
        else
        {
            AlertLog.StoredRulesInvalid(_logger, error);
        }
    }
}
