namespace TelemetryGateway.Monitors.Codes;

/// <summary>One ISO/IEEE 11073-10101 term: its 32-bit context-free code (partition × 65536 + term code) and
/// Reference ID, and what it becomes in our vocabulary.</summary>
/// <param name="Code">Context-free code, e.g. 150456 = partition 2 (SCADA) × 65536 + 19384.</param>
/// <param name="ReferenceId">e.g. "MDC_PULS_OXIM_SAT_O2".</param>
/// <param name="Kind">Reading kind, or null for a known term the vocabulary has no kind for (kept as unmapped).</param>
/// <param name="Lead">ECG lead for waveform terms (MDC_ECG_ELEC_POTL_*), else null.</param>
public sealed record MdcTerm(int Code, string ReferenceId, string? Kind, string? Lead = null);
