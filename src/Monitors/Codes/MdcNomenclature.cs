using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Codes;

/// <summary>The ISO/IEEE 11073-10101 terms monitors send for the vitals we chart.</summary>
/// <remarks>
/// Codes are context-free (partition × 65536 + term code; partition 2 = SCADA, 4 = dimensions). Checked
/// against the nomenclature as published in the IHE PCD Rosetta and in 11073-20601 implementations
/// (e.g. MDC_PULS_OXIM_SAT_O2 = 2::19384 = 150456, MDC_PRESS_BLD_NONINV_SYS = 2::18949 = 150021,
/// MDC_TEMP_BODY = 2::19292 = 150364, MDC_DIM_MMHG = 4::3872 = 266016) and the IHE PCD-01 examples.
/// Invasive pressures, PVC counts and pleth are known here but have no kind: one device would otherwise
/// report two heart rates or two systolic pressures for the same instant, and the second would be taken
/// for a duplicate of the first.
/// </remarks>
public static class MdcNomenclature
{
    public const int PartitionScada = 2;
    public const int PartitionDimensions = 4;

    private static readonly MdcTerm[] Terms =
    [
        new(147842, "MDC_ECG_HEART_RATE", ReadingKinds.HeartRate),
        new(149546, "MDC_PULS_RATE_NON_INV", ReadingKinds.HeartRate),
        new(149530, "MDC_PULS_OXIM_PULS_RATE", ReadingKinds.PulseRate),
        new(150456, "MDC_PULS_OXIM_SAT_O2", ReadingKinds.SpO2),
        new(150021, "MDC_PRESS_BLD_NONINV_SYS", ReadingKinds.BpSystolic),
        new(150022, "MDC_PRESS_BLD_NONINV_DIA", ReadingKinds.BpDiastolic),
        new(150023, "MDC_PRESS_BLD_NONINV_MEAN", ReadingKinds.BpMean),
        new(151562, "MDC_RESP_RATE", ReadingKinds.RespRate),
        new(151708, "MDC_AWAY_CO2_ET", ReadingKinds.EtCO2),
        new(150364, "MDC_TEMP_BODY", ReadingKinds.BodyTemperature),
        new(150392, "MDC_TEMP_TYMP", ReadingKinds.BodyTemperature),
        new(188424, "MDC_TEMP_ORAL", ReadingKinds.BodyTemperature),
        new(188736, "MDC_MASS_BODY_ACTUAL", ReadingKinds.BodyWeight),
        new(160184, "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD", ReadingKinds.Glucose),
        // ECG waveforms: MDC_ECG_ELEC_POTL (2::256) plus the lead number of 11073-10101 Table A.7.1.
        new(131329, "MDC_ECG_ELEC_POTL_I", null, "I"),
        new(131330, "MDC_ECG_ELEC_POTL_II", null, "II"),
        new(131389, "MDC_ECG_ELEC_POTL_III", null, "III"),
        new(131390, "MDC_ECG_ELEC_POTL_AVR", null, "aVR"),
        new(131391, "MDC_ECG_ELEC_POTL_AVL", null, "aVL"),
        new(131392, "MDC_ECG_ELEC_POTL_AVF", null, "aVF"),
        new(131331, "MDC_ECG_ELEC_POTL_V1", null, "V1"),
        new(131332, "MDC_ECG_ELEC_POTL_V2", null, "V2"),
        new(131333, "MDC_ECG_ELEC_POTL_V3", null, "V3"),
        new(131334, "MDC_ECG_ELEC_POTL_V4", null, "V4"),
        new(131335, "MDC_ECG_ELEC_POTL_V5", null, "V5"),
        new(131336, "MDC_ECG_ELEC_POTL_V6", null, "V6"),
        // Known, no kind (see remarks).
        new(150452, "MDC_PULS_OXIM_PLETH", null),
        new(148065, "MDC_ECG_V_P_C_CNT", null),
        new(149522, "MDC_BLD_PULS_RATE_INV", null),
        new(150033, "MDC_PRESS_BLD_ART_SYS", null),
        new(150034, "MDC_PRESS_BLD_ART_DIA", null),
        new(150035, "MDC_PRESS_BLD_ART_MEAN", null),
        new(150045, "MDC_PRESS_BLD_ART_PULM_SYS", null),
        new(150046, "MDC_PRESS_BLD_ART_PULM_DIA", null),
        new(150047, "MDC_PRESS_BLD_ART_PULM_MEAN", null),
        new(150020, "MDC_PRESS_BLD_NONINV", null),
    ];

    private static readonly Dictionary<int, MdcTerm> ByCode = Terms.ToDictionary(t => t.Code);

    private static readonly Dictionary<string, MdcTerm> ByReferenceId =
        Terms.ToDictionary(t => t.ReferenceId, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every term in the table.</summary>
    public static IReadOnlyList<MdcTerm> All => Terms;

    public static bool TryGet(int code, out MdcTerm term) => ByCode.TryGetValue(code, out term!);

    public static bool TryGet(string referenceId, out MdcTerm term) => ByReferenceId.TryGetValue(referenceId.Trim(), out term!);

    /// <summary>The term of an ECG lead ("II" → MDC_ECG_ELEC_POTL_II).</summary>
    public static MdcTerm ForLead(string lead) => Terms.First(t => t.Lead == lead);

    /// <summary>Context-free code from partition and term code (11073-10101 §A.2: code = partition × 2^16 + term).</summary>
    public static int ContextFree(int partition, int term) => (partition << 16) + term;
}
