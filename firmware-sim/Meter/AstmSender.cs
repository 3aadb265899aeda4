using System.Text;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.FirmwareSim;

/// <summary>How one transfer attempt ended.</summary>
internal enum TransferOutcome
{
    Complete,
    Aborted,
    Unplugged,
}

/// <summary>
/// The sending side of E1381 as a meter plays it: ENQ, frames numbered from 1 (text ≤ 240 characters, ETB but
/// ETX on the last), each retransmitted on NAK up to six times, a 15 s wait for each reply, EOT. Faults are
/// injected at the frame they are asked for, each once per run of the simulator (not per cable plug) except
/// bad-checksum and split-frames.
/// </summary>
internal sealed class AstmSender(MeterOptions options, TextWriter log)
{
    private bool _stormDone;
    private bool _silenceDone;
    private bool _unplugDone;

    public long FramesSent { get; private set; }

    public long Retransmissions { get; private set; }

    public async Task<TransferOutcome> TransferAsync(SerialPort port, IReadOnlyList<string> records, CancellationToken ct)
    {
        var frames = Frames(records);
        var faultAt = options.FaultAt > 0 ? options.FaultAt : Math.Max(1, frames.Count / 2);

        // Stale ENQ/EOT queued while nobody listened, and stale replies, are worthless now.
        port.Flush();
        await port.WriteAsync(new[] { AstmControl.Enq }, ct);
        if (await ReplyAsync(port, ct) != AstmControl.Ack)
        {
            await port.WriteAsync(new[] { AstmControl.Eot }, ct);
            return TransferOutcome.Aborted;
        }

        // A receiver that just opened may answer a backlog of ENQs: let it, then drop the extra ACKs.
        await Task.Delay(100, ct);
        port.Flush();
        for (var k = 1; k <= frames.Count; k++)
        {
            if (options.Faults.HasFlag(MeterFault.Unplug) && !_unplugDone && k == faultAt)
            {
                _unplugDone = true;
                await log.WriteLineAsync($"meter: fault unplug at frame {k}");
                return TransferOutcome.Unplugged;
            }

            if (options.Faults.HasFlag(MeterFault.Silence) && !_silenceDone && k == faultAt)
            {
                _silenceDone = true;
                await log.WriteLineAsync($"meter: fault silence at frame {k} for {options.Silence.TotalSeconds} s");
                await Task.Delay(options.Silence, ct);
                await port.WriteAsync(new[] { AstmControl.Eot }, ct);
                return TransferOutcome.Aborted;
            }

            for (var attempt = 0; ; attempt++)
            {
                var corrupt = (options.Faults.HasFlag(MeterFault.BadChecksum) && k % 3 == 0 && attempt == 0)
                    || (options.Faults.HasFlag(MeterFault.NakStorm) && !_stormDone && k == faultAt);
                await SendFrameAsync(port, frames[k - 1], corrupt, ct);
                var reply = await ReplyAsync(port, ct);
                if (reply == AstmControl.Ack)
                {
                    break;
                }

                Retransmissions++;
                if (reply is null || attempt + 1 > AstmControl.MaxRetransmissions)
                {
                    _stormDone |= k == faultAt;
                    await log.WriteLineAsync($"meter: frame {k} failed after {attempt + 1} transmissions; EOT");
                    await port.WriteAsync(new[] { AstmControl.Eot }, ct);
                    return TransferOutcome.Aborted;
                }
            }
        }

        await port.WriteAsync(new[] { AstmControl.Eot }, ct);
        return TransferOutcome.Complete;
    }

    /// <summary>Each record with its CR, cut into 240-character frames numbered 1, 2 … 7, 0 …</summary>
    public static List<AstmFrame> Frames(IReadOnlyList<string> records)
    {
        var frames = new List<AstmFrame>();
        var number = 1;
        for (var r = 0; r < records.Count; r++)
        {
            var text = Encoding.Latin1.GetBytes(records[r] + "\r");
            for (var offset = 0; offset < text.Length; offset += AstmControl.MaxFrameText)
            {
                var chunk = text.AsSpan(offset, Math.Min(AstmControl.MaxFrameText, text.Length - offset)).ToArray();
                var last = r == records.Count - 1 && offset + chunk.Length == text.Length;
                frames.Add(new AstmFrame(number, chunk, last));
                number = (number + 1) % AstmControl.FrameNumberModulus;
            }
        }

        return frames;
    }

    private async Task SendFrameAsync(SerialPort port, AstmFrame frame, bool corrupt, CancellationToken ct)
    {
        if (options.Pace > TimeSpan.Zero)
        {
            await Task.Delay(options.Pace, ct);
        }

        var bytes = frame.Encode();
        if (corrupt)
        {
            // Change the first checksum digit to another hexadecimal digit: well-formed, but wrong.
            bytes[^4] = bytes[^4] == (byte)'0' ? (byte)'1' : (byte)'0';
        }

        FramesSent++;
        if (!options.Faults.HasFlag(MeterFault.SplitFrames))
        {
            await port.WriteAsync(bytes, ct);
            return;
        }

        var third = Math.Max(1, bytes.Length / 3);
        for (var offset = 0; offset < bytes.Length; offset += third)
        {
            await port.WriteAsync(bytes.AsMemory(offset, Math.Min(third, bytes.Length - offset)), ct);
            await Task.Delay(15, ct);
        }
    }

    private async Task<byte?> ReplyAsync(SerialPort port, CancellationToken ct)
    {
        var buffer = new byte[1];
        var deadline = DateTime.UtcNow + options.ReplyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var n = await port.ReadAsync(buffer, deadline - DateTime.UtcNow, ct);
            if (n == 1 && buffer[0] is AstmControl.Ack or AstmControl.Nak)
            {
                return buffer[0];
            }
        }

        return null;
    }
}
