using System.Runtime.InteropServices;
using TelemetryGateway.Serial.Port.Native;
using static TelemetryGateway.Serial.Port.Native.TermiosConstants;

namespace TelemetryGateway.Serial.Port;

/// <summary>
/// A Linux tty driven through termios: raw mode, the given line settings, non-blocking I/O with poll(2).
/// Reads and writes are async with cancellation: poll waits on a thread-pool thread in short slices so a
/// cancellation is seen within <see cref="PollSlice"/>.
/// </summary>
/// <remarks>
/// <para>A pulled cable shows as a hangup (POLLHUP), EIO/ENXIO/ENODEV from read or write, or the device node
/// vanishing (a USB adapter removed: udev deletes /dev/ttyUSBn and its by-id link): all become a
/// <see cref="SerialPortException"/> with <see cref="SerialPortException.IsUnplugged"/>; the caller closes the
/// port and waits for the device node to come back.</para>
/// <para>A read that returns 0 bytes is not a hangup on a tty: with VMIN = 0 and VTIME = 0 the line discipline
/// returns 0 whenever nothing is queued (n_tty_read), so 0 means "nothing yet" unless poll says POLLHUP/POLLERR.</para>
/// <para>Exclusive by default: flock(LOCK_EX | LOCK_NB) on the open file, which binds root too and which the kernel
/// drops when the holder dies (even by SIGKILL), plus TIOCEXCL against programs that do not flock (minicom,
/// screen) when they run unprivileged. One reader and one writer at a time.</para>
/// </remarks>
public sealed partial class SerialPort : IDisposable
{
    /// <summary>Longest single poll; bounds how late a cancellation is noticed.</summary>
    public static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly bool _watchNode;
    private bool _holdsExclusive;
    private int _fd;

    private SerialPort(string path, int fd, SerialPortSettings settings)
    {
        DevicePath = path;
        _fd = fd;
        Settings = settings;
        _watchNode = path.StartsWith('/') && !path.Equals("/dev/ptmx", StringComparison.Ordinal);
    }

    public string DevicePath { get; }

    public SerialPortSettings Settings { get; }

    /// <summary>Opens and configures <paramref name="path"/> (follows symlinks such as /dev/serial/by-id/…).</summary>
    /// <exception cref="SerialPortException">open, tcgetattr, tcsetattr or ioctl failed (path and errno in the message).</exception>
    public static SerialPort Open(string path, SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var fd = LibC.Open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == EBUSY ? SerialPortException.InUse(path, "open", errno) : new SerialPortException(path, "open", errno);
        }

        var port = new SerialPort(path, fd, settings);
        try
        {
            port.Configure();
            return port;
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    /// <summary>Reads what is available, waiting up to <paramref name="timeout"/> for the first byte.</summary>
    /// <returns>Bytes read; 0 when nothing arrived within the timeout.</returns>
    /// <exception cref="SerialPortException">The device went away (<see cref="SerialPortException.IsUnplugged"/>) or read failed.</exception>
    public async Task<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var n = TryRead(buffer.Span);
            if (n > 0)
            {
                return n;
            }

            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                // A quiet line is also when a vanished node shows: a removed USB adapter may not hang up at once.
                ThrowIfNodeVanished();
                return 0;
            }

            await WaitAsync(POLLIN, (int)Math.Min(left, (long)PollSlice.TotalMilliseconds), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes all of <paramref name="data"/>.</summary>
    /// <exception cref="SerialPortException">The device went away or write failed.</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            ct.ThrowIfCancellationRequested();
            var n = TryWrite(data.Span);
            if (n > 0)
            {
                data = data[n..];
                continue;
            }

            await WaitAsync(POLLOUT, (int)PollSlice.TotalMilliseconds, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Discards bytes received but not read and bytes written but not sent (tcflush TCIOFLUSH).</summary>
    public void Flush()
    {
        if (LibC.TcFlush(Descriptor, TCIOFLUSH) != 0)
        {
            throw new SerialPortException(DevicePath, "tcflush", Marshal.GetLastPInvokeError());
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // TIOCEXCL outlives this descriptor while anyone else holds the tty (a pty's other end); clear it.
            if (_holdsExclusive)
            {
                LibC.Ioctl(fd, TIOCNXCL, 0);
            }

            LibC.Close(fd);
        }
    }

    /// <summary>The device node we opened is gone (by path, following links): reported as unplugged.</summary>
    private void ThrowIfNodeVanished()
    {
        if (_watchNode && !File.Exists(DevicePath))
        {
            throw new SerialPortException(DevicePath, "watch", "the device node vanished (unplugged)", unplugged: true);
        }
    }

    private int Descriptor => _fd >= 0 ? _fd : throw new ObjectDisposedException(DevicePath);

    internal int FileDescriptor => Descriptor;

    private unsafe int TryRead(Span<byte> buffer)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            n = LibC.Read(Descriptor, p, (nuint)buffer.Length);
        }

        if (n > 0)
        {
            return (int)n;
        }

        if (n == 0)
        {
            // VMIN = VTIME = 0: nothing queued. Only poll can tell a hangup from a quiet line.
            var poll = new PollFd { Fd = Descriptor, Events = POLLIN };
            var r = LibC.Poll(ref poll, 1, 0);
            if (r > 0 && (poll.ReturnedEvents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
            {
                throw new SerialPortException(DevicePath, "read", "hangup (the device went away)", unplugged: true);
            }

            return 0;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EAGAIN or EINTR ? 0 : throw new SerialPortException(DevicePath, "read", errno);
    }

    private unsafe int TryWrite(ReadOnlySpan<byte> data)
    {
        nint n;
        fixed (byte* p = data)
        {
            n = LibC.Write(Descriptor, p, (nuint)data.Length);
        }

        if (n >= 0)
        {
            return (int)n;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EAGAIN or EINTR ? 0 : throw new SerialPortException(DevicePath, "write", errno);
    }

    // One poll slice on a thread-pool thread; a hangup or error is reported at once.
    private async Task WaitAsync(short events, int milliseconds, CancellationToken ct)
    {
        var fd = Descriptor;
        var returned = await Task.Run(() =>
        {
            var poll = new PollFd { Fd = fd, Events = events };
            var r = LibC.Poll(ref poll, 1, milliseconds);
            return r < 0 ? (short)-Marshal.GetLastPInvokeError() : poll.ReturnedEvents;
        }, ct).ConfigureAwait(false);

        if (returned < 0 && -returned != EINTR)
        {
            throw new SerialPortException(DevicePath, "poll", -returned);
        }

        if (returned > 0 && (returned & (POLLHUP | POLLERR | POLLNVAL)) != 0 && (returned & events) == 0)
        {
            throw new SerialPortException(DevicePath, "poll", "hangup (the device went away)", unplugged: true);
        }
    }
}
