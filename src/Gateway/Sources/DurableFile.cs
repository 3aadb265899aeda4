using System.Runtime.InteropServices;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>
/// Replaces a small state file so that a power cut at any point leaves the old content or the new, never an empty
/// or torn file and never the old one back after the new was reported saved.
/// </summary>
/// <remarks>
/// The temporary file is fsynced before the rename (else the new name can point at blocks never written), and the
/// directory after it: a rename lives in the directory, and until the directory is on the disk a power cut can
/// bring the old file back (ext4, xfs). .NET cannot open a directory, so the directory goes through libc.
/// </remarks>
internal static class DurableFile
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000; // O_CLOEXEC, the same on x86-64 and arm64 Linux
    private const int InvalidArgument = 22; // EINVAL: the file system cannot sync a directory (nothing to wait for)

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> durably (temporary file, fsync, rename, directory fsync).</summary>
    public static async Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>fsync(2) on a directory, so the renames and creations in it survive a power cut.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the gateway runs on Linux; elsewhere (development) the flags below do not apply
        }

        var fd = Open(directory, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to sync it: errno {Marshal.GetLastPInvokeError()}.");
        }

        try
        {
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != InvalidArgument)
            {
                throw new IOException($"Cannot sync directory '{directory}': errno {errno}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
