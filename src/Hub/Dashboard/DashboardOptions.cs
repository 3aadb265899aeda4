namespace TelemetryGateway.Hub.Dashboard;

/// <summary>The dashboard's clinical targets and follow-up interval (<c>Hub:Dashboard</c>).</summary>
/// <remarks>Defaults follow the common primary-care targets for hypertension and diabetes follow-up:
/// office BP below 140/90 mmHg; glucose between 3.9 and 10.0 mmol/L (hypoglycaemia below, poorly controlled above).</remarks>
public sealed class DashboardOptions
{
    /// <summary>Systolic at or above this is out of control (mmHg).</summary>
    public double SystolicHigh { get; set; } = 140;

    /// <summary>Diastolic at or above this is out of control (mmHg).</summary>
    public double DiastolicHigh { get; set; } = 90;

    /// <summary>Glucose below this is out of range (mmol/L).</summary>
    public double GlucoseLow { get; set; } = 3.9;

    /// <summary>Glucose above this is out of range (mmol/L).</summary>
    public double GlucoseHigh { get; set; } = 10.0;

    /// <summary>A patient whose last BP or glucose reading is older than this is overdue for a follow-up.</summary>
    public int FollowUpDays { get; set; } = 30;

    /// <summary>A monitor silent this long is shown as "link lost" (seconds).</summary>
    public double LinkLostSeconds { get; set; } = 5;
}
