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

    public string DevicePath { get; }

    public string Operation { get; }

    /// <summary>errno of the failed call; 0 when the failure was a hangup seen by poll.</summary>
    public int Errno { get; }

    private bool HungUp { get; }

    /// <summary>
    /// The device went away (cable pulled, USB adapter removed, the other end of a pty closed): EIO, ENXIO,
    /// ENODEV, ENOENT or a hangup. Worth waiting for the device to come back; anything else is a configuration
    /// or permission problem.
    /// </summary>
    public bool IsUnplugged => HungUp || Errno is TermiosConstants.EIO or TermiosConstants.ENXIO or TermiosConstants.ENODEV or TermiosConstants.ENOENT;

    private static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM",
        TermiosConstants.ENOENT => "ENOENT",
        TermiosConstants.EIO => "EIO",
        TermiosConstants.ENXIO => "ENXIO",
        TermiosConstants.EBADF => "EBADF",
        TermiosConstants.EAGAIN => "EAGAIN",
        13 => "EACCES",
        16 => "EBUSY",
        TermiosConstants.ENODEV => "ENODEV",
        22 => "EINVAL",
        25 => "ENOTTY",
        _ => "errno",
    };
}
