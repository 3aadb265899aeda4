namespace TelemetryGateway.Monitors;

/// <summary>The last level(s) of a monitor topic: what the payload holds.</summary>
public enum MonitorStream
{
    /// <summary>"vitals": numeric vitals, JSON.</summary>
    Vitals,
    /// <summary>"status": battery, leads off, alarms, JSON.</summary>
    Status,
    /// <summary>"position": GPS position and ETA, JSON.</summary>
    Position,
    /// <summary>"waveform/&lt;channel&gt;": a waveform chunk, binary (magic "TGWF") or JSON.</summary>
    Waveform,
    /// <summary>"hl7": an HL7 v2 ORU^R01 message, MLLP framing optional.</summary>
    Hl7,
}
