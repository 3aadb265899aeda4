using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Port;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.EndToEnd;

/// <summary>
/// `tgsim meter` as an E1381 sender, seen from the receiving end of its real pty (this test plays the receiver):
/// ENQ first, frames numbered from 1, a NAKed frame sent again at most six times, then EOT (E1381 §6.5.1).
/// </summary>
public sealed class MeterSenderTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_frame_NAKed_every_time_is_sent_seven_times_in_all_then_the_meter_sends_EOT()
    {
        var link = Path.Combine(Path.GetTempPath(), $"tg-meter-{Guid.NewGuid():N}");
        await using var meter = ToolProcess.Start("tgsim", "meter", "--pty-link", link, "--records", "1", "--serial", "7390-NAK0001");
        await meter.WaitForOutputAsync("linked at");
        using var port = SerialPort.Open(link, new SerialPortSettings());
        var input = new List<byte>();

        Assert.Equal(AstmControl.Enq, await NextControlAsync(port, input));
        await port.WriteAsync(new[] { AstmControl.Ack }, CancellationToken.None);

        // The first frame (the header, frame number 1) NAKed on every transmission.
        var transmissions = 0;
        while (true)
        {
            var next = await NextControlAsync(port, input);
            if (next == AstmControl.Eot)
            {
                break;
            }

            Assert.Equal(AstmControl.Stx, next);
            var frame = await NextFrameAsync(port, input);
            Assert.Equal(1, frame.Number);
            Assert.StartsWith("H|\\^&", Bytes.Latin1(frame.Text), StringComparison.Ordinal);
            transmissions++;
            await port.WriteAsync(new[] { AstmControl.Nak }, CancellationToken.None);
        }

        Assert.Equal(1 + AstmControl.MaxRetransmissions, transmissions);
        await meter.WaitForOutputAsync("frame 1 failed after 7 transmissions; EOT");
    }

    // The next byte that is not part of a frame body: ENQ, STX or EOT (noise is skipped).
    private static async Task<byte> NextControlAsync(SerialPort port, List<byte> input)
    {
        while (true)
        {
            var at = input.FindIndex(b => b is AstmControl.Enq or AstmControl.Stx or AstmControl.Eot);
            if (at >= 0)
            {
                var b = input[at];
                input.RemoveRange(0, b == AstmControl.Stx ? at : at + 1);
                return b;
            }

            input.Clear();
            await ReadMoreAsync(port, input);
        }
    }

    private static async Task<AstmFrame> NextFrameAsync(SerialPort port, List<byte> input)
    {
        while (true)
        {
            var status = AstmFrameReader.TryRead(input.ToArray(), out var frame, out var consumed, out var problem);
            if (status != FrameReadStatus.NeedMore)
            {
                Assert.Equal(FrameReadStatus.Frame, status);
                Assert.Null(problem);
                input.RemoveRange(0, consumed);
                return frame!;
            }

            await ReadMoreAsync(port, input);
        }
    }

    private static async Task ReadMoreAsync(SerialPort port, List<byte> input)
    {
        var buffer = new byte[512];
        var n = await port.ReadAsync(buffer, Wait, CancellationToken.None);
        Assert.True(n > 0, "the meter fell silent");
        input.AddRange(buffer.AsSpan(0, n).ToArray());
    }
}
