namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>Settings of the gateway's serial sources (section Gateway:Serial). Nothing configured: no serial source.</summary>
/// <example>
/// <code>
/// "Serial": { "Devices": [ { "Path": "/dev/serial/by-id/usb-Bayer*", "Protocol": "astm", "BaudRate": 9600 } ] }
/// </code>
/// or on the command line: <c>--Gateway:Serial:Devices:0:Path=/dev/ttyUSB0</c>.
/// </example>
public sealed class SerialSourceOptions
{
    /// <summary>One entry per cable (or glob of cables) a meter may be plugged into.</summary>
    public List<SerialDeviceOptions> Devices { get; set; } = [];
}

/// <summary>One serial port (or a glob of them) and the protocol spoken on it.</summary>
public sealed class SerialDeviceOptions
{
    /// <summary>Device path, e.g. /dev/ttyUSB0, or a glob in its file name (/dev/ttyUSB*): every match is watched.</summary>
    public string Path { get; set; } = "";

    /// <summary>"astm" (ASTM E1381/E1394 glucose meters, the Contour family) or "accutorr" (Datascope Accutorr NIBP monitors, PC interface).</summary>
    public string Protocol { get; set; } = "astm";

    public int BaudRate { get; set; } = 9600;

    public int DataBits { get; set; } = 8;

    /// <summary>none, odd, even, mark, space.</summary>
    public string Parity { get; set; } = "none";

    public int StopBits { get; set; } = 1;

    public bool HardwareFlowControl { get; set; }

    /// <summary>Drive DTR high/low; unset leaves it (some cables draw power from DTR).</summary>
    public bool? Dtr { get; set; }

    /// <summary>Drive RTS high/low; unset leaves it.</summary>
    public bool? Rts { get; set; }

    /// <summary>How often to look for the device node while it is absent (the meter is unplugged).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>E1381 §6.5.2 receiver timeout: 30 s by the standard.</summary>
    public TimeSpan ReceiverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>IANA/Windows zone the meters' clocks are set in (their times carry no offset); empty = the gateway's zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Results handed to the buffer (and remembered as synced) every this many during a transfer; a cut transfer
    /// keeps what was handed over. Smaller: less to resend after a crash; larger: fewer buffer commits.
    /// </summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>accutorr: how often to ask the monitor for its patient data.</summary>
    public TimeSpan QueryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>accutorr: how long to wait for the prompt and for the reply to a command.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Device id for a protocol that reports none (accutorr); default "accutorr-" and the device file name.</summary>
    public string? DeviceId { get; set; }

    /// <summary>Patient to attach when the gateway serves one patient per cable; usually bindings from the hub decide.</summary>
    public string? Patient { get; set; }
}
