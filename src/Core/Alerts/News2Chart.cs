namespace TelemetryGateway.Core.Alerts;

/// <summary>The NEWS2 scoring chart: Royal College of Physicians, "National Early Warning Score (NEWS) 2:
/// Standardising the assessment of acute-illness severity in the NHS", December 2017, Chart 1 (the scoring
/// system) and Chart 2 (thresholds and triggers).</summary>
/// <remarks>
/// The chart's bands are whole numbers (temperature: one decimal), so a value is first rounded to the
/// chart's precision, half away from zero (an oximeter's 93.5 % is charted as 94 %). Each method returns
/// the parameter's score, 0–3.
/// </remarks>
public static class News2Chart
{
    /// <summary>Aggregate from which the clinical response is urgent (Chart 2: 5–6 "medium").</summary>
    public const int UrgentAggregate = 5;

    /// <summary>Aggregate from which the clinical response is an emergency (Chart 2: 7 or more "high").</summary>
    public const int EmergencyAggregate = 7;

    /// <summary>Respiration rate (per minute): ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3.</summary>
    public static int RespirationRate(double perMinute) => Whole(perMinute) switch
    {
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    /// <summary>SpO2 scale 1 (%): ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0.</summary>
    public static int Spo2Scale1(double percent) => Whole(percent) switch
    {
        <= 91 => 3,
        <= 93 => 2,
        <= 95 => 1,
        _ => 0,
    };

    /// <summary>SpO2 scale 2 (%), for patients with a prescribed target of 88–92 % (hypercapnic respiratory
    /// failure): ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 → 0, ≥93 on air → 0; on oxygen 93–94 → 1, 95–96 → 2,
    /// ≥97 → 3. When it is not known whether the patient is on oxygen, air is assumed (the chart's own
    /// "≥93 on air" row), so high saturations are not over-scored.</summary>
    public static int Spo2Scale2(double percent, bool onOxygen) => Whole(percent) switch
    {
        <= 83 => 3,
        <= 85 => 2,
        <= 87 => 1,
        <= 92 => 0,
        _ when !onOxygen => 0,
        <= 94 => 1,
        <= 96 => 2,
        _ => 3,
    };

    /// <summary>Air or oxygen: oxygen → 2, air → 0.</summary>
    public static int AirOrOxygen(bool onOxygen) => onOxygen ? 2 : 0;

    /// <summary>Systolic blood pressure (mmHg): ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3.</summary>
    public static int SystolicBloodPressure(double mmHg) => Whole(mmHg) switch
    {
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    /// <summary>Pulse (per minute): ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3.</summary>
    public static int Pulse(double perMinute) => Whole(perMinute) switch
    {
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    /// <summary>Consciousness (ACVPU, see <see cref="News2Kinds.Consciousness"/>): Alert → 0; new Confusion,
    /// Voice, Pain, Unresponsive → 3.</summary>
    public static int Consciousness(double acvpu) => Whole(acvpu) <= 0 ? 0 : 3;

    /// <summary>Temperature (°C): ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2.</summary>
    public static int Temperature(double celsius) => Tenths(celsius) switch
    {
        <= 350 => 3,
        <= 360 => 1,
        <= 380 => 0,
        <= 390 => 1,
        _ => 2,
    };

    private static long Whole(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    private static long Tenths(double value) => (long)Math.Round(value * 10, MidpointRounding.AwayFromZero);
}
