using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Meters.Contour;
using TelemetryGateway.Serial.Tests.Infrastructure;

namespace TelemetryGateway.Serial.Tests.Astm;

/// <summary>
/// Mutated captures and records through the framer, the receiver and the record decoder: the only exception
/// allowed out is <see cref="DeviceFormatException"/> (TG_SOAK=long: a million cases each).
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Records =
    [
        "H|\\^&||7w3LBL|Bayer7390^01.24\\01.04\\09.02.20^7390-2336773^7403-|A=1^C=63^U=0|1714||||||1|201909221304",
        "P|1",
        "O|1|||^^^Glucose",
        "R|1|^^^Glucose|133|mg/dL^P||B/X||201202052034",
        "R|2|^^^Glucose|7.4|mmol/L^W||C||20120205203459",
        "C|1|I|note &F& with &E& escapes &X41&|G",
        "Q|1|^ALL",
        "R|3|^^^Glucose|93|mg/dL^P||A/M0/T1||201505261150",
        "L|1||N",
    ];

    private static readonly byte[] Alphabet = Bytes.Of("|\\^&\r\n0123456789.RHL/<>CX\x02\x03\x04\x05\x06\x15\x17");

    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Mutated_captures_through_the_probe_only_raise_format_errors()
    {
        var capture = Capture();
        var random = new Random(1381);
        var cases = Soak.Scale(100_000, 1_000_000);
        var decoded = 0;
        for (var i = 0; i < cases; i++)
        {
            var input = Mutate(capture, random);
            try
            {
                AstmProbe.Decode(input, Received);
                decoded++;
            }
            catch (DeviceFormatException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToHexString(input)}");
            }
        }

        // The mutations leave some captures intact: the fuzzer really exercises the success path too.
        Assert.InRange(decoded, cases / 100, cases);
    }

    [Fact]
    public void Mutated_byte_streams_through_the_receiver_and_decoder_only_raise_format_errors()
    {
        var capture = Capture();
        var random = new Random(1394);
        var cases = Soak.Scale(100_000, 1_000_000);
        var receiver = new AstmReceiver();
        var decoder = new ContourMessageDecoder();
        var events = new List<AstmLinkEvent>();
        var records = 0;
        for (var i = 0; i < cases; i++)
        {
            var input = Mutate(capture, random);
            try
            {
                // Arbitrary read boundaries, as a tty delivers them.
                for (var offset = 0; offset < input.Length;)
                {
                    var n = Math.Min(input.Length - offset, 1 + random.Next(64));
                    receiver.Feed(input.AsSpan(offset, n), events);
                    offset += n;
                }

                foreach (var e in events)
                {
                    // The gateway only ever answers (ACK/NAK): it never sends ENQ, so it never contends for the line (E1381 §6.2).
                    if (e.Kind == AstmLinkEventKind.Reply && e.Reply is not (AstmControl.Ack or AstmControl.Nak))
                    {
                        Assert.Fail($"case {i}: the receiver sent 0x{e.Reply:X2}");
                    }

                    if (e.Kind == AstmLinkEventKind.TransferStarted)
                    {
                        decoder.Reset();
                    }
                    else if (e.Kind == AstmLinkEventKind.Record)
                    {
                        records++;
                        try
                        {
                            foreach (var result in decoder.Accept(e.Text!))
                            {
                                ContourReadings.ToReading(result, decoder.Meter!, TimeZoneInfo.Utc, Received);
                            }
                        }
                        catch (DeviceFormatException)
                        {
                        }
                    }
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToHexString(input)}");
            }

            events.Clear();
        }

        Assert.True(records > cases, $"only {records} records decoded in {cases} cases");
    }

    [Fact]
    public void Random_record_text_only_raises_format_errors()
    {
        var random = new Random(7);
        var cases = Soak.Scale(100_000, 1_000_000);
        var decoder = new ContourMessageDecoder();
        for (var i = 0; i < cases; i++)
        {
            var template = Records[random.Next(Records.Length)];
            var chars = template.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = (char)Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars, 0, random.Next(1, chars.Length + 1));
            try
            {
                foreach (var result in decoder.Accept(text, requireHeader: false))
                {
                    ContourReadings.ToReading(result, decoder.Meter ?? new MeterIdentity("", "x", "", null, null), TimeZoneInfo.Utc, Received);
                }
            }
            catch (DeviceFormatException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: {ex.GetType().Name}: {ex.Message}\nrecord: {text}");
            }
        }
    }

    private static byte[] Capture()
    {
        var bytes = new List<byte> { AstmControl.Enq };
        for (var i = 0; i < Records.Length; i++)
        {
            bytes.AddRange(new AstmFrame((i + 1) % 8, Bytes.Of(Records[i] + "\r"), i == Records.Length - 1).Encode());
        }

        bytes.Add(AstmControl.Eot);
        return [.. bytes];
    }

    private static byte[] Mutate(byte[] capture, Random random)
    {
        var bytes = new List<byte>(capture);
        switch (random.Next(6))
        {
            case 0:
                return [.. bytes]; // intact
            case 1:
                return [.. bytes.Take(random.Next(bytes.Count))]; // truncated
        }

        for (var m = random.Next(1, 5); m > 0 && bytes.Count > 0; m--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 2:
                    bytes.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }
}
