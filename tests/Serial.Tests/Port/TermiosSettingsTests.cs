using TelemetryGateway.Serial.Port;
using TelemetryGateway.Serial.Port.Native;

namespace TelemetryGateway.Serial.Tests.Port;

/// <summary>
/// What the port asks of termios is what the kernel then holds: read back with tcgetattr(3) from a real pty.
/// A pty keeps the speed, stop bits, raw mode and VMIN/VTIME as set, but forces CS8 and no PARENB, so data bits
/// and parity are checked on the struct handed to tcsetattr. Values from Linux asm-generic/termbits.h.
/// </summary>
public sealed class TermiosSettingsTests
{
    private const uint Cbaud = 0x100F;
    private const uint Csize = 0x30;
    private const uint Cstopb = 0x40;
    private const uint Parenb = 0x100;
    private const uint Parodd = 0x200;
    private const uint Cmspar = 0x40000000;
    private const uint Crtscts = 0x80000000;

    [Theory]
    [InlineData(1200, 0x9u)]
    [InlineData(9600, 0xDu)]
    [InlineData(19200, 0xEu)]
    [InlineData(38400, 0xFu)]
    [InlineData(115200, 0x1002u)]
    public void Baud_rate_is_the_speed_code_the_kernel_holds(int baud, uint code)
    {
        var t = Configured(new SerialPortSettings { BaudRate = baud });

        Assert.Equal(code, t.ControlFlags & Cbaud);
    }

    [Theory]
    [InlineData(8, Parity.None, 1, 0x30u)] // CS8
    [InlineData(7, Parity.Even, 1, 0x20u | 0x100u)] // CS7 PARENB
    [InlineData(7, Parity.Odd, 2, 0x20u | 0x100u | 0x200u | 0x40u)] // CS7 PARENB PARODD CSTOPB
    [InlineData(8, Parity.Mark, 1, 0x30u | 0x100u | 0x200u | 0x40000000u)] // CS8 PARENB PARODD CMSPAR
    [InlineData(6, Parity.Space, 2, 0x10u | 0x100u | 0x40000000u | 0x40u)] // CS6 PARENB CMSPAR CSTOPB
    [InlineData(5, Parity.None, 2, 0x00u | 0x40u)] // CS5 CSTOPB
    public void Data_bits_parity_and_stop_bits_are_the_control_flags_handed_to_tcsetattr(int dataBits, Parity parity, int stopBits, uint expected)
    {
        var settings = new SerialPortSettings { DataBits = dataBits, Parity = parity, StopBits = stopBits };
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, settings);
        Assert.Equal(0, LibC.TcGetAttr(port.FileDescriptor, out var current));

        var t = SerialPort.LineSettings(current, settings, pty.SlavePath);

        Assert.Equal(expected, t.ControlFlags & (Csize | Cstopb | Parenb | Parodd | Cmspar | Crtscts));
        // INPCK (input parity checking) exactly when there is a parity bit.
        Assert.Equal(parity != Parity.None, (t.InputFlags & 0x10) != 0);
    }

    [Theory]
    [InlineData(7, Parity.Odd, 2, 0x200u | 0x40u)] // PARODD CSTOPB
    [InlineData(8, Parity.Mark, 1, 0x200u | 0x40000000u)] // PARODD CMSPAR
    [InlineData(8, Parity.None, 2, 0x40u)] // CSTOPB
    public void The_kernel_holds_the_stop_bits_and_parity_kind_it_was_given(int dataBits, Parity parity, int stopBits, uint expected)
    {
        // A pty keeps CSTOPB, PARODD and CMSPAR as set but forces CS8 and clears PARENB (drivers/tty/pty.c,
        // pty_set_termios): those two are checked above on what tcsetattr is handed.
        var t = Configured(new SerialPortSettings { DataBits = dataBits, Parity = parity, StopBits = stopBits });

        Assert.Equal(expected, t.ControlFlags & (Cstopb | Parodd | Cmspar));
        Assert.Equal(0x30u, t.ControlFlags & Csize);
    }

    [Fact]
    public void Hardware_flow_control_sets_CRTSCTS()
    {
        Assert.Equal(Crtscts, Configured(new SerialPortSettings { HardwareFlowControl = true }).ControlFlags & Crtscts);
        Assert.Equal(0u, Configured(new SerialPortSettings()).ControlFlags & Crtscts);
    }

    [Fact]
    public void Raw_mode_with_reads_that_never_block_in_the_driver()
    {
        var t = Configured(new SerialPortSettings());

        // c_lflag: no ICANON (0x2), ECHO (0x8), ISIG (0x1), IEXTEN (0x8000); c_oflag: no OPOST (0x1).
        Assert.Equal(0u, t.LocalFlags & (0x2u | 0x8u | 0x1u | 0x8000u));
        Assert.Equal(0u, t.OutputFlags & 0x1u);
        // c_iflag: no CR/LF translation (INLCR 0x40, IGNCR 0x80, ICRNL 0x100), no ISTRIP (0x20), no XON/XOFF (IXON 0x400, IXOFF 0x1000).
        Assert.Equal(0u, t.InputFlags & (0x40u | 0x80u | 0x100u | 0x20u | 0x400u | 0x1000u));
        // CREAD (0x80) and CLOCAL (0x800): the receiver is on and modem control lines do not gate it.
        Assert.Equal(0x80u | 0x800u, t.ControlFlags & (0x80u | 0x800u));
        // VMIN = VTIME = 0: poll(2) does the waiting, so a read timeout is the port's, never the driver's.
        Assert.Equal(0, t.ControlChar(TermiosConstants.VMIN));
        Assert.Equal(0, t.ControlChar(TermiosConstants.VTIME));
    }

    [Fact]
    public void DTR_and_RTS_on_a_device_without_modem_lines_are_refused_naming_the_call()
    {
        // A pty has no modem lines (ioctl TIOCMGET: ENOTTY): asking for DTR must fail loudly, never be ignored.
        using var pty = PseudoTerminal.Open();

        var refused = Assert.Throws<SerialPortException>(() => SerialPort.Open(pty.SlavePath, new SerialPortSettings { Dtr = true, Rts = false }));

        Assert.Contains("ioctl TIOCMGET", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ENOTTY", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.IsUnplugged);
    }

    [Theory]
    [InlineData(0x000, true, true, 0x006)] // TIOCM_DTR 0x002 | TIOCM_RTS 0x004
    [InlineData(0x006, false, null, 0x004)]
    [InlineData(0x006, null, false, 0x002)]
    [InlineData(0x146, false, false, 0x140)] // other lines (CTS 0x020, DSR 0x100) untouched
    [InlineData(0x020, null, null, 0x020)]
    public void Modem_line_bits_change_only_what_was_asked(int before, bool? dtr, bool? rts, int after)
    {
        Assert.Equal(after, SerialPort.ApplyModemLines(before, dtr, rts));
    }

    private static Termios Configured(SerialPortSettings settings)
    {
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, settings);
        Assert.Equal(0, LibC.TcGetAttr(port.FileDescriptor, out var t));
        return t;
    }
}
