using System.Runtime.InteropServices;
using TelemetryGateway.Serial.Port.Native;

namespace TelemetryGateway.Serial.Port;

/// <summary>A serial port call failed; the message names the device path, the call and errno.</summary>
public sealed class SerialPortException : IOException
{
    public SerialPortException(string devicePath, string operation, int errno)
        : base($"{devicePath}: {operation} failed: {ErrnoName(errno)} ({errno}) {Marshal.GetPInvokeErrorMessage(errno)}")
    {
        DevicePath = devicePath;
        Operation = operation;
        Errno = errno;
    }

    public SerialPortException(string devicePath, string operation, string problem, bool unplugged)
        : base($"{devicePath}: {operation}: {problem}")
    {
        DevicePath = devicePath;
        Operation = operation;
        HungUp = unplugged;
    }

    /// <summary>Another open file holds the port (its flock or TIOCEXCL); <paramref name="errno"/> is what the refusal said.</summary>
    public static SerialPortException InUse(string devicePath, string operation, int errno) =>
        new(devicePath, operation, $"in use by another process ({ErrnoName(errno)}): only one gateway may drive a meter", errno);

    private SerialPortException(string devicePath, string operation, string problem, int errno)
        : base($"{devicePath}: {operation}: {problem}")
    {
        DevicePath = devicePath;
        Operation = operation;
        Errno = errno;
        Busy = true;
    }

    public string DevicePath { get; }

    public string Operation { get; }

    /// <summary>errno of the failed call; 0 when the failure was a hangup seen by poll.</summary>
    public int Errno { get; }

    private bool HungUp { get; }

    /// <summary>
    /// Another process has the port open exclusively (EBUSY from open under TIOCEXCL, or its flock). Not unplugged:
    /// the meter is there, someone else is talking to it. Retried with backoff.
    /// </summary>
    public bool IsBusy => Busy || Errno == TermiosConstants.EBUSY;

    private bool Busy { get; }

    /// <summary>
    /// The device went away (cable pulled, USB adapter removed, the other end of a pty closed): EIO, ENXIO,
    /// ENODEV, ENOENT or a hangup. Worth waiting for the device to come back; anything else is a configuration
    /// or permission problem.
    /// </summary>
    public bool IsUnplugged => HungUp || (!Busy && Errno is TermiosConstants.EIO or TermiosConstants.ENXIO or TermiosConstants.ENODEV or TermiosConstants.ENOENT);

    private static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM",
        TermiosConstants.ENOENT => "ENOENT",
        TermiosConstants.EIO => "EIO",
        TermiosConstants.ENXIO => "ENXIO",
        TermiosConstants.EBADF => "EBADF",
        TermiosConstants.EAGAIN => "EAGAIN",
        13 => "EACCES",
        TermiosConstants.EBUSY => "EBUSY",
        TermiosConstants.ENODEV => "ENODEV",
        22 => "EINVAL",
        25 => "ENOTTY",
        _ => "errno",
    };
}
