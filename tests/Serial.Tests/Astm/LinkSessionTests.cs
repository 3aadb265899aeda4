using System.Threading.Channels;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Port;
using TelemetryGateway.Serial.Sessions;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Astm;

/// <summary>
/// <see cref="AstmLinkSession"/> over a real pty with a clock the test moves: the E1381 §6.5.2 receiver timer
/// (30 s by default) restarts with every byte and, when it runs out, cuts the transfer back to neutral.
/// </summary>
public sealed class LinkSessionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_standards_30_s_receiver_timer_restarts_with_each_frame_and_then_cuts_the_transfer()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), AstmControl.ReceiverTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), AstmControl.SenderTimeout);
        using var pty = PseudoTerminal.Open();
        using var port = SerialPort.Open(pty.SlavePath, new SerialPortSettings());
        var clock = new SteppedClock();
        var events = Channel.CreateUnbounded<AstmLinkEvent>();
        using var stop = new CancellationTokenSource();
        var run = new AstmLinkSession(port, clock).RunAsync((e, _) => events.Writer.WriteAsync(e), stop.Token);

        await pty.Master.WriteAsync(new[] { AstmControl.Enq }, CancellationToken.None);
        Assert.Equal(AstmControl.Ack, await ReplyAsync(pty.Master));
        await pty.Master.WriteAsync(new AstmFrame(1, Bytes.Of("H|\\^&\r"), false).Encode(), CancellationToken.None);
        Assert.Equal(AstmControl.Ack, await ReplyAsync(pty.Master));

        // 29 s of silence: still in the transfer, so the next frame is acknowledged (in neutral it would get no reply).
        clock.Advance(TimeSpan.FromSeconds(29));
        await pty.Master.WriteAsync(new AstmFrame(2, Bytes.Of("P|1\r"), false).Encode(), CancellationToken.None);
        Assert.Equal(AstmControl.Ack, await ReplyAsync(pty.Master));

        // The timer restarted with that frame: 29 s more is not enough either, 30 s is.
        clock.Advance(TimeSpan.FromSeconds(29));
        await pty.Master.WriteAsync(new AstmFrame(3, Bytes.Of("R|1|^^^Glu"), false).Encode(), CancellationToken.None);
        Assert.Equal(AstmControl.Ack, await ReplyAsync(pty.Master));
        clock.Advance(TimeSpan.FromSeconds(30));

        var aborted = await NextAsync(events, AstmLinkEventKind.TransferAborted);
        Assert.Equal("receiver timeout: no frame or EOT", aborted.Text);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Wait));
    }

    private static async Task<byte> ReplyAsync(SerialPort master)
    {
        var buffer = new byte[1];
        Assert.Equal(1, await master.ReadAsync(buffer, Wait, CancellationToken.None));
        return buffer[0];
    }

    private static async Task<AstmLinkEvent> NextAsync(Channel<AstmLinkEvent> events, AstmLinkEventKind kind)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var e = await events.Reader.ReadAsync(timeout.Token);
            if (e.Kind == kind)
            {
                return e;
            }
        }
    }

    /// <summary>Timestamps only move when the test says so.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
