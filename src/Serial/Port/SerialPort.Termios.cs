using System.Runtime.InteropServices;
using TelemetryGateway.Serial.Port.Native;
using static TelemetryGateway.Serial.Port.Native.TermiosConstants;

namespace TelemetryGateway.Serial.Port;

/// <summary>Line settings through termios(3) and the modem lines through ioctl(2) (tty_ioctl(4)).</summary>
public sealed partial class SerialPort
{
    /// <summary>Sets DTR and RTS (ioctl TIOCMGET, TIOCMSET); null leaves a line as it is.</summary>
    /// <exception cref="SerialPortException">The device has no modem lines (a pseudo-terminal: ENOTTY/EINVAL) or went away.</exception>
    public void SetModemLines(bool? dtr, bool? rts)
    {
        if (dtr is null && rts is null)
        {
            return;
        }

        var lines = 0;
        if (LibC.Ioctl(Descriptor, TIOCMGET, ref lines) != 0)
        {
            throw new SerialPortException(DevicePath, "ioctl TIOCMGET", Marshal.GetLastPInvokeError());
        }

        lines = ApplyModemLines(lines, dtr, rts);
        if (LibC.Ioctl(Descriptor, TIOCMSET, ref lines) != 0)
        {
            throw new SerialPortException(DevicePath, "ioctl TIOCMSET", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>The baud rate the driver reports after configuration (cfgetospeed's code, decoded).</summary>
    public (uint InputSpeedCode, uint OutputSpeedCode, uint ControlFlags) ReadBackSettings()
    {
        if (LibC.TcGetAttr(Descriptor, out var t) != 0)
        {
            throw new SerialPortException(DevicePath, "tcgetattr", Marshal.GetLastPInvokeError());
        }

        return (t.InputSpeed, t.OutputSpeed, t.ControlFlags);
    }

    /// <summary>The TIOCMSET word: DTR and RTS as asked, every other line as <paramref name="lines"/> had it.</summary>
    internal static int ApplyModemLines(int lines, bool? dtr, bool? rts) => Apply(Apply(lines, TIOCM_DTR, dtr), TIOCM_RTS, rts);

    private static int Apply(int lines, int bit, bool? on) => on switch
    {
        true => lines | bit,
        false => lines & ~bit,
        null => lines,
    };

    /// <summary>
    /// <paramref name="current"/> made raw with the line settings: what <see cref="Configure"/> hands to tcsetattr.
    /// Pure (cfmakeraw and cfset*speed only edit the struct), so the bits a pty does not keep (it forces CS8 and
    /// clears PARENB) can still be checked.
    /// </summary>
    internal static unsafe Termios LineSettings(Termios current, SerialPortSettings settings, string devicePath)
    {
        var t = current;
        // Raw: no line editing, echo, signals or CR/LF translation; 8-bit clean.
        LibC.CfMakeRaw(ref t);
        t.ControlFlags &= ~(CSIZE | CSTOPB | PARENB | PARODD | CMSPAR | CRTSCTS);
        t.ControlFlags |= CREAD | CLOCAL | settings.DataBits switch { 5 => CS5, 6 => CS6, 7 => CS7, _ => CS8 };
        if (settings.StopBits == 2)
        {
            t.ControlFlags |= CSTOPB;
        }

        t.ControlFlags |= settings.Parity switch
        {
            Parity.Odd => PARENB | PARODD,
            Parity.Even => PARENB,
            Parity.Mark => PARENB | PARODD | CMSPAR,
            Parity.Space => PARENB | CMSPAR,
            _ => 0u,
        };
        t.InputFlags &= ~(IXON | IXOFF | IXANY | INPCK);
        if (settings.Parity != Parity.None)
        {
            t.InputFlags |= INPCK;
        }

        if (settings.HardwareFlowControl)
        {
            t.ControlFlags |= CRTSCTS;
        }

        // Reads never block in the driver: poll(2) does the waiting (VMIN = 0, VTIME = 0).
        t.ControlChars[VMIN] = 0;
        t.ControlChars[VTIME] = 0;
        var speed = SpeedCode(settings.BaudRate);
        if (LibC.CfSetISpeed(ref t, speed) != 0 || LibC.CfSetOSpeed(ref t, speed) != 0)
        {
            throw new SerialPortException(devicePath, "cfsetspeed", Marshal.GetLastPInvokeError());
        }

        return t;
    }

    private unsafe void Configure()
    {
        var fd = Descriptor;
        if (Settings.Exclusive)
        {
            // flock first: a second gateway must fail before it touches the line settings of the first.
            if (LibC.Flock(fd, LOCK_EX | LOCK_NB) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw errno == EAGAIN ? SerialPortException.InUse(DevicePath, "flock", errno) : new SerialPortException(DevicePath, "flock", errno);
            }

            if (LibC.Ioctl(fd, TIOCEXCL, 0) != 0)
            {
                throw new SerialPortException(DevicePath, "ioctl TIOCEXCL", Marshal.GetLastPInvokeError());
            }

            _holdsExclusive = true;
        }

        if (LibC.TcGetAttr(fd, out var t) != 0)
        {
            throw new SerialPortException(DevicePath, "tcgetattr", Marshal.GetLastPInvokeError());
        }

        t = LineSettings(t, Settings, DevicePath);
        if (LibC.TcSetAttr(fd, TCSANOW, in t) != 0)
        {
            throw new SerialPortException(DevicePath, "tcsetattr", Marshal.GetLastPInvokeError());
        }

        SetModemLines(Settings.Dtr, Settings.Rts);
    }
}
