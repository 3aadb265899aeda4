using System.Globalization;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.BloodPressure;
using TelemetryGateway.Bluetooth.Gatt.DeviceInformation;
using TelemetryGateway.Bluetooth.Gatt.Glucose;
using TelemetryGateway.Bluetooth.Gatt.PulseOximetry;
using TelemetryGateway.Bluetooth.Gatt.RecordAccess;
using TelemetryGateway.Bluetooth.Gatt.Thermometer;
using TelemetryGateway.Bluetooth.Gatt.Time;
using TelemetryGateway.Bluetooth.Gatt.Weight;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Random and mutated payloads for every decoder: only <see cref="DeviceFormatException"/> may
/// escape, it must name a byte inside (or just past) the payload, and whatever decodes must also turn into
/// readings without throwing. Short form (default) ≥ 100 000 cases; TG_SOAK=long runs 20× more.</summary>
public class GattFuzzTests
{
    private static readonly bool Long = string.Equals(Environment.GetEnvironmentVariable("TG_SOAK"), "long", StringComparison.OrdinalIgnoreCase);

    private const int RandomPerDecoder = 3_500;
    private const int MutationsPerSeed = 140;
    private const int LongFactor = 20;

    // What each short-form test must have run, counted case by case: together at least the 100 000.
    private const int RandomMinimum = 60_000;
    private const int MutatedMinimum = 50_000;

    private static readonly (string Name, Action<byte[]> Decode)[] Decoders =
    [
        ("2A35", b => BloodPressureMeasurement.Decode(b).ToReadings(Device, Received)),
        ("2A36", b => IntermediateCuffPressure.Decode(b)),
        ("2A49", b => BloodPressureFeature.Decode(b)),
        ("2A18", b => GlucoseMeasurement.Decode(b).ToReadings(Device, Received)),
        ("2A34", b => GlucoseMeasurementContext.Decode(b)),
        ("2A51", b => GlucoseFeature.Decode(b)),
        ("2A52 request", b => RacpRequest.Decode(b).Encode()),
        ("2A52 response", b => RacpResponse.Decode(b).Encode()),
        ("2A9D", b => WeightMeasurement.Decode(b).ToReadings(Device, Received)),
        ("2A1C", b => TemperatureMeasurement.Decode(b).ToReadings(Device, Received)),
        ("2A5E", b => PlxSpotCheckMeasurement.Decode(b).ToReadings(Device, Received)),
        ("2A5F", b => PlxContinuousMeasurement.Decode(b).ToReadings(Device, Received)),
        ("2A60", b => PlxFeatures.Decode(b)),
        ("2A2B", b => CurrentTime.Decode(b).ToDeviceClock()),
        ("2A29", b => DeviceInformation.DecodeString(GattCharacteristics.ManufacturerName, b)),
        ("2A50", b => DeviceInformation.DecodePnpId(b)),
        ("2A23", b => DeviceInformation.DecodeSystemId(b)),
        ("probe", b => GattProbe.Decode(b.Length > 0 ? GattProbe.Supported[b[0] % GattProbe.Supported.Count] : (ushort)0x2A35,
            b.Length > 0 ? b.AsSpan(1) : b, Device, Received)),
    ];

    // Valid payloads from the vector tests: mutations of these reach the deep fields that random bytes rarely do.
    private static readonly string[] Seeds =
    [
        "1e8a00580078000000041114293b3c00012700", "15bdf00b009ff03c001200", "1f790051006a00e40705150a1e2d4800010600",
        "1b0100e307021b0b0a1efbff1e00120501", "1f0200e40705150a1e2d00005100140600", "ff0000b303640004123c003204d3f459f1",
        "010402e40705150a1e2dea070b16081e00", "0104010a001400", "06000101", "050004030201",
        "0d983a03f500a402", "025433ea070816082a24", "06b00e00fedc070c050b321b04", "05da0300ff02",
        "0facf3bef5e8070b1d170839204022000066e3", "1fdef3caf3caf35af5d4f3b2f220010000007ae3",
        "e7070102141607 01ff01", "a3004010800100", "76c3a92d3200", "0159000100 0001", "0102030405060708",
        "01 0000 0f27 0c1f173b3b ff7f 78b0 11", // glucose at 9999-12-31 23:59:59 with offset +32767 min
    ];

    [Fact]
    public void Random_payloads_only_raise_format_errors()
    {
        var random = new Random(20261122);
        var perDecoder = Long ? RandomPerDecoder * LongFactor : RandomPerDecoder;
        var cases = 0;
        foreach (var (name, decode) in Decoders)
        {
            for (var i = 0; i < perDecoder; i++)
            {
                var bytes = new byte[random.Next(0, 48)];
                random.NextBytes(bytes);
                cases += Run(name, decode, bytes);
            }
        }
        Assert.True(cases >= RandomMinimum, $"{cases} random cases");
    }

    [Fact]
    public void Mutated_payloads_only_raise_format_errors()
    {
        var random = new Random(7400);
        var perSeed = Long ? MutationsPerSeed * LongFactor : MutationsPerSeed;
        var seeds = Seeds.Select(Hex).ToArray();
        var cases = 0;
        foreach (var (name, decode) in Decoders)
        {
            foreach (var seed in seeds)
            {
                for (var i = 0; i < perSeed; i++)
                {
                    cases += Run(name, decode, Mutate(seed, random));
                }
            }
        }
        Assert.True(cases >= MutatedMinimum, $"{cases} mutated cases");
    }

    [Fact]
    public void Short_form_runs_at_least_100_000_cases() =>
        // The two tests above each count the cases they actually ran against these minima.
        Assert.True(RandomMinimum + MutatedMinimum >= 100_000);

    [Fact]
    public void Every_flag_byte_over_every_length_of_a_long_payload()
    {
        // Exhaustive over the flags byte: each prefix of a 40-byte body, for every decoder with flags.
        var body = Hex("e8070b1d170839 ea070b1608000a 2040 220000 66e3 0102030405060708090a0b0c0d0e0f101112");
        foreach (var (name, decode) in Decoders)
        {
            for (var flags = 0; flags < 256; flags++)
            {
                for (var length = 0; length <= body.Length; length++)
                {
                    var bytes = new byte[length + 1];
                    bytes[0] = (byte)flags;
                    body.AsSpan(0, length).CopyTo(bytes.AsSpan(1));
                    Run(name, decode, bytes);
                }
            }
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0: // flip one bit
                    var at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0: // replace a byte with an edge value
                    bytes[random.Next(bytes.Count)] = (byte)(random.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => 0x80 });
                    break;
                case 2 when bytes.Count > 0: // truncate
                    bytes = bytes.Take(random.Next(bytes.Count)).ToList();
                    break;
                case 3: // append random bytes
                    for (var n = random.Next(1, 8); n > 0; n--)
                    {
                        bytes.Add((byte)random.Next(256));
                    }
                    break;
                case 4 when bytes.Count > 0: // delete one byte inside
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                default: // random flags byte
                    if (bytes.Count > 0)
                    {
                        bytes[0] = (byte)random.Next(256);
                    }
                    break;
            }
        }
        return [.. bytes];
    }

    /// <returns>1: one case run (a failure asserts).</returns>
    private static int Run(string name, Action<byte[]> decode, byte[] bytes)
    {
        try
        {
            decode(bytes);
        }
        catch (DeviceFormatException ex)
        {
            if (ex.Location == "characteristic")
            {
                return 1;
            }
            Assert.True(ex.Location.StartsWith("byte ", StringComparison.Ordinal), $"{name} {Convert.ToHexString(bytes)}: location '{ex.Location}'");
            var index = int.Parse(ex.Location.AsSpan(5), CultureInfo.InvariantCulture);
            // For the probe, byte 0 of the payload is byte 1 of the fuzz input.
            var limit = name == "probe" ? bytes.Length - 1 : bytes.Length;
            Assert.True(index >= 0 && index <= Math.Max(limit, 0), $"{name} {Convert.ToHexString(bytes)}: byte {index} outside a {limit}-byte payload");
        }
        catch (Exception ex)
        {
            Assert.Fail($"{name} {Convert.ToHexString(bytes)}: {ex.GetType().Name} escaped: {ex.Message}");
        }
        return 1;
    }
}
