namespace TelemetryGateway.Serial.Port;

/// <summary>Parity bit setting.</summary>
public enum Parity
{
    None,
    Odd,
    Even,
    Mark,
    Space,
}

/// <summary>Line settings of a serial port. The defaults are what glucose meters use: 9600 8N1, no flow control.</summary>
public sealed record SerialPortSettings
{
    public int BaudRate { get; init; } = 9600;

    /// <summary>5 to 8.</summary>
    public int DataBits { get; init; } = 8;

    public Parity Parity { get; init; } = Parity.None;

    /// <summary>1 or 2.</summary>
    public int StopBits { get; init; } = 1;

    /// <summary>RTS/CTS hardware flow control.</summary>
    public bool HardwareFlowControl { get; init; }

    /// <summary>Drive DTR high (true), low (false) or leave it (null). Some meter cables are powered by DTR.</summary>
    public bool? Dtr { get; init; }

    /// <summary>Drive RTS high (true), low (false) or leave it (null).</summary>
    public bool? Rts { get; init; }

    /// <summary>Refuse a second open of the same tty (TIOCEXCL), so two processes never split one meter's bytes.</summary>
    public bool Exclusive { get; init; } = true;

    /// <summary>Checks the settings termios can apply.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unsupported baud rate, data bits or stop bits.</exception>
    public void Validate()
    {
        _ = Native.TermiosConstants.SpeedCode(BaudRate);
        if (DataBits is < 5 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(DataBits), DataBits, "Data bits must be 5 to 8.");
        }

        if (StopBits is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(StopBits), StopBits, "Stop bits must be 1 or 2.");
        }
    }

    public override string ToString() =>
        $"{BaudRate} {DataBits}{Parity.ToString()[0]}{StopBits}{(HardwareFlowControl ? " RTS/CTS" : "")}";
}
