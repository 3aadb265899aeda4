using System.Diagnostics.CodeAnalysis;
using TelemetryGateway.Core.Alerts.Rules;

namespace TelemetryGateway.Core.Alerts;

/// <summary>The alert rules in force: the defaults for every patient and per-patient overrides (a doctor's
/// targets). Immutable; build a changed set with <see cref="With"/> and hand it to
/// <see cref="AlertEngine.UpdateRules"/>.</summary>
/// <remarks>
/// The flat form (<see cref="Thresholds"/>, <see cref="AlertThreshold"/>) is what the hub stores and pushes
/// to gateways (telemetry.proto <c>Threshold</c>). Entries are applied over a base set, each replacing the
/// entry with the same key, so pushing the complete list or only the changes gives the same result. Defaults
/// and their sources: docs/alerts.md.
/// </remarks>
public sealed partial class AlertRuleSet
{
    private readonly AlertThreshold[] _entries;
    private readonly RuleProfile _defaultProfile;
    private readonly Dictionary<string, RuleProfile> _patientProfiles;

    private AlertRuleSet(AlertThreshold[] entries)
    {
        _entries = entries;
        var defaults = entries.Where(e => e.IsDefault).ToArray();
        _defaultProfile = Resolve(defaults);
        _patientProfiles = new Dictionary<string, RuleProfile>(StringComparer.Ordinal);
        foreach (var patient in entries.Where(e => !e.IsDefault).GroupBy(e => e.PatientId, StringComparer.Ordinal))
        {
            var merged = new Dictionary<(string, string, AlertSeverity), AlertThreshold>();
            foreach (var entry in defaults.Concat(patient))
            {
                merged[Key(entry) with { Item2 = "" }] = entry;
            }
            _patientProfiles.Add(patient.Key, Resolve([.. merged.Values]));
        }
    }

    /// <summary>The built-in defaults (docs/alerts.md gives the source of each).</summary>
    public static AlertRuleSet Default { get; } = new(DefaultEntries());

    /// <summary>Every entry in force: the defaults, then the overrides, in a stable order.</summary>
    public IReadOnlyList<AlertThreshold> Thresholds => _entries;

    /// <summary>Patients with at least one override.</summary>
    public IReadOnlyCollection<string> PatientsWithOverrides => _patientProfiles.Keys;

    /// <summary>The default set with <paramref name="entries"/> applied over it.</summary>
    /// <exception cref="ArgumentException">An entry is invalid; the message names it and says why.</exception>
    public static AlertRuleSet FromThresholds(IEnumerable<AlertThreshold> entries) => Default.With(entries);

    /// <summary>Like <see cref="FromThresholds"/>, with the first invalid entry reported instead of thrown.</summary>
    public static bool TryFromThresholds(IEnumerable<AlertThreshold> entries, [NotNullWhen(true)] out AlertRuleSet? rules, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        foreach (var entry in list)
        {
            error = Validate(entry);
            if (error is not null)
            {
                rules = null;
                return false;
            }
        }
        rules = Default.With(list);
        error = null;
        return true;
    }

    /// <summary>This set with <paramref name="entries"/> applied: each replaces the entry with the same key
    /// (kind, patient, and severity for tiered kinds); later entries win.</summary>
    /// <exception cref="ArgumentException">An entry is invalid; the message names it and says why.</exception>
    public AlertRuleSet With(IEnumerable<AlertThreshold> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var merged = new Dictionary<(string, string, AlertSeverity), AlertThreshold>();
        var order = new List<(string, string, AlertSeverity)>();
        foreach (var entry in _entries.Concat(entries))
        {
            if (Validate(entry) is { } error)
            {
                throw new ArgumentException(error, nameof(entries));
            }
            var key = Key(entry);
            if (!merged.ContainsKey(key))
            {
                order.Add(key);
            }
            merged[key] = entry;
        }
        var result = order.Select(k => merged[k])
            .OrderBy(e => e.IsDefault ? 0 : 1)
            .ThenBy(e => e.PatientId, StringComparer.Ordinal)
            .ToArray();
        return new AlertRuleSet(result);
    }

    /// <summary>The entries in force for one patient (the defaults with that patient's overrides applied),
    /// each with its own scope: what a doctor sees when reviewing the patient's targets.</summary>
    public IReadOnlyList<AlertThreshold> ThresholdsFor(string? patientId)
    {
        var merged = new Dictionary<(string, string, AlertSeverity), AlertThreshold>();
        foreach (var entry in _entries.Where(e => e.IsDefault || string.Equals(e.PatientId, patientId, StringComparison.Ordinal)))
        {
            merged[Key(entry) with { Item2 = "" }] = entry;
        }
        return [.. merged.Values];
    }

    internal RuleProfile ProfileFor(string? patientId) =>
        patientId is not null && _patientProfiles.TryGetValue(patientId, out var profile) ? profile : _defaultProfile;

    /// <summary>Key of an entry: tiered kinds have one line per severity; settings have one per scope.</summary>
    private static (string Kind, string Patient, AlertSeverity Severity) Key(AlertThreshold entry) =>
        (entry.Kind, entry.PatientId, IsTiered(entry.Kind) ? entry.Severity : 0);
}
