using System.Runtime.InteropServices;
using System.Text;
using TelemetryGateway.Serial.Port.Native;
using static TelemetryGateway.Serial.Port.Native.TermiosConstants;

namespace TelemetryGateway.Serial.Port;

/// <summary>
/// A pseudo-terminal pair (pty(7)): the master is the simulated device's end, the slave a real tty at
/// <see cref="SlavePath"/> that the gateway opens like any serial port. The master side also holds the slave
/// open, in raw mode, so nothing is echoed and the master never sees EIO while the gateway is away.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private readonly int _slaveHold;

    private PseudoTerminal(SerialPort master, string slavePath, int slaveHold)
    {
        Master = master;
        SlavePath = slavePath;
        _slaveHold = slaveHold;
    }

    /// <summary>The device end: read what the gateway wrote, write what the device sends.</summary>
    public SerialPort Master { get; }

    /// <summary>/dev/pts/N.</summary>
    public string SlavePath { get; }

    /// <summary>posix_openpt via /dev/ptmx, grantpt, unlockpt, ptsname_r; both ends raw.</summary>
    public static unsafe PseudoTerminal Open()
    {
        var master = SerialPort.Open("/dev/ptmx", new SerialPortSettings { Exclusive = false });
        try
        {
            var fd = MasterDescriptor(master);
            if (LibC.GrantPt(fd) != 0)
            {
                throw new SerialPortException("/dev/ptmx", "grantpt", Marshal.GetLastPInvokeError());
            }

            if (LibC.UnlockPt(fd) != 0)
            {
                throw new SerialPortException("/dev/ptmx", "unlockpt", Marshal.GetLastPInvokeError());
            }

            var name = stackalloc byte[128];
            var error = LibC.PtsNameR(fd, name, 128);
            if (error != 0)
            {
                throw new SerialPortException("/dev/ptmx", "ptsname_r", error);
            }

            var slavePath = Encoding.ASCII.GetString(name, new ReadOnlySpan<byte>(name, 128).IndexOf((byte)0));
            var hold = LibC.Open(slavePath, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
            if (hold < 0)
            {
                throw new SerialPortException(slavePath, "open", Marshal.GetLastPInvokeError());
            }

            if (LibC.TcGetAttr(hold, out var t) == 0)
            {
                LibC.CfMakeRaw(ref t);
                LibC.TcSetAttr(hold, TCSANOW, in t);
            }

            return new PseudoTerminal(master, slavePath, hold);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>Closes both ends: whoever has the slave open sees a hangup, like a pulled cable.</summary>
    public void Dispose()
    {
        Master.Dispose();
        LibC.Close(_slaveHold);
    }

    private static int MasterDescriptor(SerialPort port) => port.FileDescriptor;
}
