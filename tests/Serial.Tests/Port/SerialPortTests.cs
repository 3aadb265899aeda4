using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.Serial.Tests.Port;

/// <summary>
/// The termios port against real pseudo-terminals (pty(7)): a quiet line is not a hangup, one process per tty,
/// a closed other end and a vanished device node are reported as unplugged.
/// </summary>
public sealed class SerialPortTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Quiet_line_reads_zero_bytes_again_and_again_without_calling_it_a_hangup()
    {
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        var buffer = new byte[16];

        // VMIN = VTIME = 0: read(2) returns 0 on an empty queue. Three quiet reads, then data still arrives.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await port.ReadAsync(buffer, Quiet, CancellationToken.None));
        }

        await pty.Master.WriteAsync("\x05"u8.ToArray(), CancellationToken.None);
        var n = await port.ReadAsync(buffer, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(1, n);
        Assert.Equal(0x05, buffer[0]);
    }

    [Fact]
    public async Task Bytes_cross_both_ways_unchanged_in_raw_mode()
    {
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, new SerialPortSettings { BaudRate = 19200 });
        byte[] all = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];
        await port.WriteAsync(all, CancellationToken.None);
        Assert.Equal(all, await ReadExactlyAsync(pty.Master, all.Length));
        await pty.Master.WriteAsync(all, CancellationToken.None);
        Assert.Equal(all, await ReadExactlyAsync(port, all.Length));
    }

    [Fact]
    public void Second_open_of_the_same_tty_is_refused_as_busy_until_the_first_closes()
    {
        using var pty = PseudoTerminal.Open();
        var first = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        var refused = Assert.Throws<SerialPortException>(() => SerialPort.Open(pty.SlavePath, new SerialPortSettings()));
        Assert.True(refused.IsBusy);
        Assert.False(refused.IsUnplugged);
        Assert.Contains("in use by another process", refused.Message, StringComparison.Ordinal);
        Assert.Contains(pty.SlavePath, refused.Message, StringComparison.Ordinal);

        first.Dispose();
        using var again = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        Assert.Equal(pty.SlavePath, again.DevicePath);
    }

    [Fact]
    public async Task Second_process_cannot_take_a_tty_the_first_holds()
    {
        using var pty = PseudoTerminal.Open();
        using var held = SerialPort.Open(pty.SlavePath, new SerialPortSettings());

        // flock binds across processes and for root too (TIOCEXCL alone does not bind root).
        var info = new System.Diagnostics.ProcessStartInfo("flock", ["--nonblock", "--exclusive", pty.SlavePath, "true"])
        {
            RedirectStandardError = true,
        };
        using var other = System.Diagnostics.Process.Start(info)!;
        await other.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, other.ExitCode);
    }

    [Fact]
    public async Task Other_end_closing_is_reported_as_unplugged()
    {
        var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        pty.Dispose();
        var gone = await Assert.ThrowsAsync<SerialPortException>(() => port.ReadAsync(new byte[8], TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True(gone.IsUnplugged, gone.Message);
        Assert.False(gone.IsBusy);
    }

    [Fact]
    public async Task Device_node_vanishing_is_reported_as_unplugged_naming_the_path()
    {
        using var pty = PseudoTerminal.Open();
        var link = Path.Combine(Path.GetTempPath(), $"tg-tty-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(link, pty.SlavePath);
        using var port = SerialPort.Open(link, new SerialPortSettings());
        Assert.Equal(0, await port.ReadAsync(new byte[8], Quiet, CancellationToken.None));

        // udev removes /dev/ttyUSBn and its by-id link when the adapter is pulled; the line itself may stay quiet.
        File.Delete(link);
        var gone = await Assert.ThrowsAsync<SerialPortException>(() => port.ReadAsync(new byte[8], Quiet, CancellationToken.None));
        Assert.True(gone.IsUnplugged);
        Assert.Contains(link, gone.Message, StringComparison.Ordinal);
        Assert.Contains("vanished", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_device_is_unplugged_not_a_configuration_error()
    {
        var missing = Assert.Throws<SerialPortException>(() => SerialPort.Open("/dev/tg-no-such-tty", new SerialPortSettings()));
        Assert.True(missing.IsUnplugged);
        Assert.Contains("ENOENT", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_ends_a_waiting_read()
    {
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => port.ReadAsync(new byte[8], TimeSpan.FromSeconds(60), cancel.Token));
    }

    private static async Task<byte[]> ReadExactlyAsync(SerialPort port, int count)
    {
        var result = new byte[count];
        var have = 0;
        while (have < count)
        {
            var n = await port.ReadAsync(result.AsMemory(have), TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.True(n > 0, $"only {have} of {count} bytes arrived");
            have += n;
        }

        return result;
    }
}
