using System.Diagnostics.CodeAnalysis;

namespace TelemetryGateway.Core;

/// <summary>The reading vocabulary of design.md ("Reading vocabulary"): kind strings, LOINC codes,
/// canonical units and plausible ranges.</summary>
/// <remarks>
/// Lookup is exact (ordinal): a kind is a storage and deduplication key, so there is one spelling. Unknown
/// kinds are rejected rather than passed through, so that a typo in a decoder fails a test instead of
/// creating a series nobody charts.
/// </remarks>
public static class ReadingKinds
{
    public const string BpSystolic = "bp.systolic";
    public const string BpDiastolic = "bp.diastolic";
    public const string BpMean = "bp.mean";
    public const string HeartRate = "heart.rate";
    public const string PulseRate = "pulse.rate";
    public const string Glucose = "glucose";
    public const string SpO2 = "spo2";
    public const string RespRate = "resp.rate";
    public const string EtCO2 = "etco2";
    public const string BodyTemperature = "body.temperature";
    public const string BodyWeight = "body.weight";

    /// <summary>ACVPU level of consciousness as a number, for NEWS2 (RCP 2017): 0 = Alert, 1 = new Confusion,
    /// 2 = responds to Voice, 3 = responds to Pain, 4 = Unresponsive. Beyond design.md's table: NEWS2 scores it.</summary>
    public const string Consciousness = "consciousness.acvpu";

    /// <summary>Supplemental oxygen, for NEWS2: 0 = breathing air, 1 = on oxygen. Beyond design.md's table.</summary>
    public const string SupplementalOxygen = "oxygen.supplemental";

    /// <summary>Prefix of ECG waveform kinds: "ecg." followed by a lead from <see cref="EcgLeads"/>.</summary>
    public const string EcgPrefix = "ecg.";

    // Plausible ranges: wide bounds that no living patient's real measurement falls outside, so that only
    // decoding errors, unit mix-ups and sensor faults are rejected. For scale: home cuffs typically measure
    // 0–300 mmHg, oximeters report SpO2 0–100 %, glucose meters read about 0.6–33.3 mmol/L (10–600 mg/dL)
    // while hyperosmolar crises in survivors have exceeded 100 mmol/L.
    private static readonly KindInfo[] Scalars =
    [
        new(BpSystolic, "8480-6", Ucum.MillimetreOfMercury, "Systolic blood pressure", 20, 350),
        new(BpDiastolic, "8462-4", Ucum.MillimetreOfMercury, "Diastolic blood pressure", 5, 300),
        new(BpMean, "8478-0", Ucum.MillimetreOfMercury, "Mean blood pressure", 10, 320),
        new(HeartRate, "8867-4", Ucum.PerMinute, "Heart rate", 0, 350),
        new(PulseRate, "8889-8", Ucum.PerMinute, "Pulse rate (oximeter)", 0, 350),
        new(Glucose, "15074-8", Ucum.MillimolePerLitre, "Blood glucose", 0, 200),
        new(SpO2, "59408-5", Ucum.Percent, "Oxygen saturation (SpO2)", 0, 100),
        new(RespRate, "9279-1", Ucum.PerMinute, "Respiratory rate", 0, 200),
        new(EtCO2, "19889-5", Ucum.MillimetreOfMercury, "End-tidal CO2", 0, 150),
        new(BodyTemperature, "8310-5", Ucum.Celsius, "Body temperature", 10, 46),
        new(BodyWeight, "29463-7", Ucum.Kilogram, "Body weight", 0.2, 700),
        // Coded states as numbers (UCUM unity): no LOINC is claimed, so HL7 OBX codes never map to them.
        new(Consciousness, null, Ucum.Unity, "Level of consciousness (ACVPU)", 0, 4),
        new(SupplementalOxygen, null, Ucum.Unity, "Supplemental oxygen (0 air, 1 oxygen)", 0, 1),
    ];

    // ECG: ±30 mV is far beyond any surface ECG amplitude (a few mV) and any monitor's input range.
    private const double EcgLimitMicrovolts = 30_000;

    private static readonly Dictionary<string, KindInfo> ByKind = Build();

    /// <summary>Every kind: the scalar kinds, then one ECG kind per lead.</summary>
    public static IReadOnlyList<KindInfo> All { get; } = [.. ByKind.Values];

    /// <summary>The ECG kind for <paramref name="lead"/>, e.g. "II" → "ecg.II".</summary>
    /// <exception cref="ArgumentException">The lead is not one of <see cref="EcgLeads.All"/> in its canonical spelling.</exception>
    public static string Ecg(string lead) => EcgLeads.IsValid(lead)
        ? EcgPrefix + lead
        : throw new ArgumentException($"'{lead}' is not an ECG lead ({string.Join(", ", EcgLeads.All)}).", nameof(lead));

    /// <summary>Looks a kind up; false for null, unknown kinds and "ecg." with an invalid lead.</summary>
    public static bool TryGet([NotNullWhen(true)] string? kind, [NotNullWhen(true)] out KindInfo? info)
    {
        if (kind is not null && ByKind.TryGetValue(kind, out info))
        {
            return true;
        }
        info = null;
        return false;
    }

    /// <summary>Looks a kind up.</summary>
    /// <exception cref="KeyNotFoundException">The kind is not in the vocabulary.</exception>
    public static KindInfo Get(string kind) => TryGet(kind, out var info)
        ? info
        : throw new KeyNotFoundException($"Unknown reading kind '{kind}'.");

    /// <summary>True if <paramref name="kind"/> is in the vocabulary.</summary>
    public static bool IsKnown([NotNullWhen(true)] string? kind) => TryGet(kind, out _);

    /// <summary>The lead of an ECG kind ("ecg.aVF" → "aVF"), or null for any other kind.</summary>
    public static string? LeadOf(string? kind) =>
        kind is not null && kind.StartsWith(EcgPrefix, StringComparison.Ordinal) && EcgLeads.IsValid(kind[EcgPrefix.Length..])
            ? kind[EcgPrefix.Length..]
            : null;

    private static Dictionary<string, KindInfo> Build()
    {
        var map = new Dictionary<string, KindInfo>(StringComparer.Ordinal);
        foreach (var info in Scalars)
        {
            map.Add(info.Kind, info);
        }
        foreach (var lead in EcgLeads.All)
        {
            var kind = EcgPrefix + lead;
            map.Add(kind, new KindInfo(kind, null, Ucum.Microvolt, $"ECG lead {lead}", -EcgLimitMicrovolts, EcgLimitMicrovolts));
        }
        return map;
    }
}
