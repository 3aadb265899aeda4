using TelemetryGateway.Serial.Accutorr;
using TelemetryGateway.Serial.Port;

namespace TelemetryGateway.Serial.Sessions;

/// <summary>
/// Asks an Accutorr for its patient data over a serial port: prompt request (^C) until the "&gt;" prompt comes, then
/// "P" and its reply line. The pure <see cref="AccutorrReader"/> does the parsing; this class only moves bytes and
/// keeps the reply timeout.
/// </summary>
public sealed class AccutorrSession(SerialPort port, TimeSpan replyTimeout)
{
    private readonly byte[] _read = new byte[256];
    private readonly List<byte> _pending = new(256);

    /// <summary>Times the monitor announced itself (power up) since the session began.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// One poll. Null when the monitor did not answer within the reply timeout (switched off, or busy measuring).
    /// </summary>
    /// <exception cref="Core.DeviceFormatException">A reply that is not the interface's format; the rest of the line is dropped.</exception>
    /// <exception cref="SerialPortException">The port failed or the device went away.</exception>
    public async Task<AccutorrPatientData?> ReadPatientDataAsync(CancellationToken ct)
    {
        await port.WriteAsync(new[] { AccutorrCommands.PromptRequest }, ct).ConfigureAwait(false);
        if (await ReceiveAsync<AccutorrPrompt>(ct).ConfigureAwait(false) is null)
        {
            return null;
        }

        await port.WriteAsync(new[] { AccutorrCommands.PatientData }, ct).ConfigureAwait(false);
        return await ReceiveAsync<AccutorrPatientData>(ct).ConfigureAwait(false);
    }

    // Reads until a message of type T arrives (others are passed over) or the reply timeout ends.
    private async Task<T?> ReceiveAsync<T>(CancellationToken ct)
        where T : AccutorrMessage
    {
        var deadline = Environment.TickCount64 + (long)replyTimeout.TotalMilliseconds;
        while (true)
        {
            if (Next() is { } message)
            {
                if (message is T wanted)
                {
                    return wanted;
                }

                continue;
            }

            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                return null;
            }

            var n = await port.ReadAsync(_read, TimeSpan.FromMilliseconds(left), ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++)
            {
                _pending.Add(_read[i]);
            }
        }
    }

    private AccutorrMessage? Next()
    {
        ReadOnlySpan<byte> buffer = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);
        var before = buffer.Length;
        try
        {
            var found = AccutorrReader.TryRead(ref buffer, out var message);
            _pending.RemoveRange(0, before - buffer.Length);
            if (message is AccutorrReady)
            {
                Restarts++;
            }

            return found ? message : null;
        }
        catch (Core.DeviceFormatException)
        {
            // Drop everything received so far: the next prompt request starts clean.
            _pending.Clear();
            throw;
        }
    }
}
