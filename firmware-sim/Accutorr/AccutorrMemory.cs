using System.Globalization;

namespace TelemetryGateway.FirmwareSim;

/// <summary>The simulated monitor's measurements: pure functions of the measurement number k, so tests can predict them.</summary>
internal static class AccutorrMemory
{
    public static int Systolic(int k) => 112 + (k * 7 % 40);

    public static int Diastolic(int k) => 68 + (k * 5 % 20);

    public static int Mean(int k) => (Systolic(k) + (2 * Diastolic(k)) + 1) / 3;

    public static int Pulse(int k) => 60 + (k * 11 % 40);

    public static int SaO2(int k) => 95 + (k % 4);

    /// <summary>The P reply line (without CR LF), padded like the service manual's example; k = 0: nothing measured yet.</summary>
    public static string PatientLine(int k, int elapsedMinutes) => k == 0
        ? "P:--,--,--,--,--,000,000,000,--"
        : string.Create(CultureInfo.InvariantCulture,
            $"P:{SaO2(k),3},{Pulse(k),3},{Systolic(k),3},{Mean(k),3},{Diastolic(k),3},000,000,000,{elapsedMinutes,3}");

    public const string AlarmLine = "L:100, 85,150, 40,180, 90,120, 60,110, 50";
}
