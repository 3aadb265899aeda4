using System.Runtime.InteropServices;

namespace TelemetryGateway.Serial.Port.Native;

/// <summary>
/// <c>struct termios</c> as glibc lays it out on Linux x86_64 and aarch64 (bits/termios-struct.h): four
/// tcflag_t (uint), c_line, c_cc[NCCS = 32], then c_ispeed and c_ospeed after 3 bytes of padding: 60 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios
{
    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte Line;
    public fixed byte ControlChars[32];
    public uint InputSpeed;
    public uint OutputSpeed;

    /// <summary>c_cc[<paramref name="index"/>] (VMIN, VTIME …), readable without an unsafe context.</summary>
    public readonly byte ControlChar(int index) => (uint)index < 32 ? ControlChars[index] : throw new ArgumentOutOfRangeException(nameof(index));
}

/// <summary>Values from Linux asm-generic/termbits.h, fcntl.h, poll.h and errno.h (x86_64 and aarch64 agree).</summary>
internal static class TermiosConstants
{
    // c_cc indexes
    public const int VTIME = 5;
    public const int VMIN = 6;

    // c_cflag
    public const uint CSIZE = 0x30;
    public const uint CS5 = 0x00;
    public const uint CS6 = 0x10;
    public const uint CS7 = 0x20;
    public const uint CS8 = 0x30;
    public const uint CSTOPB = 0x40;
    public const uint CREAD = 0x80;
    public const uint PARENB = 0x100;
    public const uint PARODD = 0x200;
    public const uint HUPCL = 0x400;
    public const uint CLOCAL = 0x800;
    public const uint CMSPAR = 0x40000000;
    public const uint CRTSCTS = 0x80000000;

    // c_iflag
    public const uint INPCK = 0x10;
    public const uint IXON = 0x400;
    public const uint IXANY = 0x800;
    public const uint IXOFF = 0x1000;

    // tcsetattr / tcflush
    public const int TCSANOW = 0;
    public const int TCIOFLUSH = 2;

    // ioctl
    public const nuint TIOCEXCL = 0x540C;
    public const nuint TIOCNXCL = 0x540D;
    public const nuint TIOCMGET = 0x5415;
    public const nuint TIOCMSET = 0x5418;
    public const int TIOCM_DTR = 0x002;
    public const int TIOCM_RTS = 0x004;

    // open
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // poll
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    // errno
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EBUSY = 16;
    public const int ENODEV = 19;

    // flock(2)
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    /// <summary>Baud rate → speed_t code (B1200 … B230400).</summary>
    public static uint SpeedCode(int baud) => baud switch
    {
        1200 => 0x9,
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        _ => throw new ArgumentOutOfRangeException(nameof(baud), baud, "Supported baud rates: 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400."),
    };
}

/// <summary><c>struct pollfd</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
