namespace TelemetryGateway.Serial.Accutorr;

/// <summary>
/// The three commands of the Accutorr PC interface (Datascope Accutorr service manual, "PC Interface For The
/// ACCUTORR", pp. 1-52 and 1-53): one character, sent when the "&gt;" prompt is present.
/// </summary>
public static class AccutorrCommands
{
    /// <summary>"Show patient data": the reply is a <c>P:</c> line (<see cref="AccutorrPatientData"/>).</summary>
    public const byte PatientData = (byte)'P';

    /// <summary>"Show alarm limits": the reply is an <c>L:</c> line (<see cref="AccutorrAlarmLimits"/>).</summary>
    public const byte AlarmLimits = (byte)'L';

    /// <summary>"Prompt request" (^C, ASCII 03): assures the prompt is available; the reply is "&gt;".</summary>
    public const byte PromptRequest = 0x03;

    /// <summary>The prompt the monitor shows when it accepts a command.</summary>
    public const byte Prompt = (byte)'>';

    /// <summary>What the monitor sends at power up, before its first prompt.</summary>
    public const string ReadyBanner = "ACCUTORR PC Interface is ready";
}
