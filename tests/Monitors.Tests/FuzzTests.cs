using System.Text;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Hl7;
using TelemetryGateway.Monitors.Json;
using TelemetryGateway.Monitors.Waveforms;

namespace TelemetryGateway.Monitors.Tests;

/// <summary>Mutated and random inputs: the decoders may refuse them only with <see cref="DeviceFormatException"/>.
/// TG_SOAK=long runs ten times the cases of the default short form.</summary>
public sealed class FuzzTests
{
    private static readonly int Cases = string.Equals(Environment.GetEnvironmentVariable("TG_SOAK"), "long", StringComparison.OrdinalIgnoreCase)
        ? 1_000_000
        : 100_000;

    private static readonly DateTimeOffset Received = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private const string Hl7Alphabet = "|^~\\&\r\n.+-<>0123456789ABCDEFHLMNORSTXZ_ \v\u001c";
    private const string JsonAlphabet = "{}[]\":,.-+eE0123456789 truefalsnul\\\u00e9";

    private static readonly string[] JsonSeeds =
    [
        Encoding.UTF8.GetString(MonitorJsonWriter.Vitals(Received, [new(ReadingKinds.HeartRate, 88, "/min", ReadingFlags.High), new(ReadingKinds.SpO2, 97, "%"), new(ReadingKinds.EtCO2, 4.8, "kPa")], "P1")),
        Encoding.UTF8.GetString(MonitorJsonWriter.Status(new MonitorStatus(Received, 80, true, ["V1"], [new("LEADS_OFF", "medium", "V1 off")]))),
        Encoding.UTF8.GetString(MonitorJsonWriter.Position(new AmbulancePosition(Received, 47.4, 8.05, 14, 90, Received.AddMinutes(8), "ED"))),
        Encoding.UTF8.GetString(MonitorJsonWriter.Waveform(new WaveformChunk(WaveformSignal.Ecg, "II", 250, Received, 2.5, new short[] { 1, -2, 300 }))),
    ];

    [Fact]
    public void Hl7_decoder_throws_only_device_format_exceptions()
    {
        var random = new Random(20261122);
        var refused = Run(Cases, random, Hl7Vectors.Valid, Hl7Alphabet, text =>
            OruR01Decoder.Decode(Hl7Message.Parse(text), random.Next(2) == 0 ? null : "mon1", Received));
        Assert.InRange(refused, 1, Cases - 1); // both outcomes occur: the mutations are neither all fatal nor all harmless
    }

    [Fact]
    public void Json_decoder_throws_only_device_format_exceptions()
    {
        var random = new Random(11);
        var streams = Enum.GetValues<MonitorStream>().Where(s => s != MonitorStream.Hl7).ToArray();
        var refused = Run(Cases, random, JsonSeeds, JsonAlphabet, text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return random.Next(2) == 0
                ? MonitorJsonDecoder.DecodeAny(bytes, Received)
                : MonitorJsonDecoder.Decode(streams[random.Next(streams.Length)], bytes, "mon1", Received);
        });
        Assert.InRange(refused, 1, Cases - 1);
    }

    [Fact]
    public void Waveform_binary_decoder_throws_only_device_format_exceptions()
    {
        var random = new Random(3);
        var seed = WaveformBinary.Encode(new WaveformChunk(WaveformSignal.Ecg, "V5", 500, Received, 1.25, new short[] { 5, 6, 7, 8 }));
        for (var i = 0; i < Cases / 10; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            var length = random.Next(4) == 0 ? random.Next(bytes.Length + 1) : bytes.Length;
            try
            {
                var chunk = WaveformBinary.Decode(bytes.AsSpan(0, length));
                Assert.Equal(length, WaveformBinary.HeaderLength + (2 * chunk.Samples.Length));
            }
            catch (DeviceFormatException)
            {
            }
        }
    }

    private static int Run(int cases, Random random, IReadOnlyList<string> seeds, string alphabet, Func<string, object> decode)
    {
        var refused = 0;
        for (var i = 0; i < cases; i++)
        {
            var input = Mutate(random, seeds[random.Next(seeds.Count)], alphabet);
            try
            {
                decode(input);
            }
            catch (DeviceFormatException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: {ex.GetType().Name} escaped for input {Escape(input)}: {ex}");
            }
        }
        return refused;
    }

    private static string Mutate(Random random, string seed, string alphabet)
    {
        if (random.Next(50) == 0)
        {
            return new string([.. Enumerable.Range(0, random.Next(64)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        }
        var text = new StringBuilder(seed);
        for (var n = random.Next(1, 5); n > 0 && text.Length > 0; n--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                case 2: text.Remove(at, Math.Min(text.Length - at, random.Next(1, 12))); break;
                case 3: text.Length = at; break;
                case 4:
                    var length = Math.Min(text.Length - at, random.Next(1, 40));
                    text.Insert(random.Next(text.Length), text.ToString(at, length));
                    break;
                default: text[at] = (char)random.Next(1, 0x250); break;
            }
        }
        return text.ToString();
    }

    private static string Escape(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
