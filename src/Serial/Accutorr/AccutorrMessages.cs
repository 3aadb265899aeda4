namespace TelemetryGateway.Serial.Accutorr;

/// <summary>One thing the monitor sent: a prompt, the power-up banner, patient data or alarm limits.</summary>
public abstract record AccutorrMessage;

/// <summary>"&gt;": the monitor is ready for a command.</summary>
public sealed record AccutorrPrompt : AccutorrMessage;

/// <summary>"ACCUTORR PC Interface is ready": the monitor was (re)started.</summary>
public sealed record AccutorrReady : AccutorrMessage;

/// <summary>
/// The reply to "P" (service manual p. 1-53): <c>P:aaa,bbb,ccc,ddd,eee,fff,ggg,hhh,iii</c>. A field not in use
/// ("--") is null. Pressures in mmHg, rates per minute, SaO2 in percent.
/// </summary>
/// <param name="SaO2">aaa: oxygen saturation.</param>
/// <param name="PulseRate">bbb: pulse rate.</param>
/// <param name="Systolic">ccc: systolic blood pressure.</param>
/// <param name="Mean">ddd: mean blood pressure.</param>
/// <param name="Diastolic">eee: diastolic blood pressure.</param>
/// <param name="Status0">fff: status byte 0, as sent (its bits are not interpreted, see the README).</param>
/// <param name="Status1">ggg: status byte 1, as sent.</param>
/// <param name="Status2">hhh: status byte 2, as sent.</param>
/// <param name="ElapsedMinutes">iii: minutes since the last NIBP measurement.</param>
public sealed record AccutorrPatientData(
    int? SaO2,
    int? PulseRate,
    int? Systolic,
    int? Mean,
    int? Diastolic,
    int? Status0,
    int? Status1,
    int? Status2,
    int? ElapsedMinutes) : AccutorrMessage
{
    /// <summary>True when the line holds an NIBP result (systolic and diastolic) and how long ago it was taken.</summary>
    public bool HasNibp => Systolic is not null && Diastolic is not null && ElapsedMinutes is not null;
}

/// <summary>The reply to "L" (p. 1-53): ten limits, high then low, for SaO2, pulse, systolic, mean, diastolic.</summary>
public sealed record AccutorrAlarmLimits(
    int? SaO2High,
    int? SaO2Low,
    int? PulseRateHigh,
    int? PulseRateLow,
    int? SystolicHigh,
    int? SystolicLow,
    int? MeanHigh,
    int? MeanLow,
    int? DiastolicHigh,
    int? DiastolicLow) : AccutorrMessage;
