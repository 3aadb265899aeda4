using System.Globalization;
using System.Text;
using System.Text.Json;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Core;
using TelemetryGateway.Monitors.Hl7;
using TelemetryGateway.Monitors.Json;
using TelemetryGateway.Serial.Accutorr;
using TelemetryGateway.Serial.Astm;

namespace TelemetryGateway.Cli.Commands;

/// <summary>
/// tg decode ble|astm|hl7|monitor-json|accutorr …: raw device bytes in, one JSON object of readings out (design.md,
/// "tg decode"). Malformed input: exit code 2 and one line on stderr naming the byte or field.
/// </summary>
internal static class DecodeCommand
{
    public const string UsageText = "decode ble <uuid16-hex> <payload-hex> | decode astm|hl7|monitor-json <file|-> | decode accutorr <file|->";

    /// <summary>Device id given to decoded readings: there is no device, only bytes.</summary>
    private const string ProbeDevice = "decode";

    public static async Task<int> RunAsync(string[] args, TextReader stdin, Stream stdinBytes, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            throw new UsageException($"tg {UsageText}");
        }

        var now = DateTimeOffset.UtcNow;
        try
        {
            var readings = args[0] switch
            {
                "ble" when args.Length == 3 => GattProbe.Decode(ParseUuid16(args[1]), ParseHex(args[2]), ProbeDevice, now),
                "astm" when args.Length == 2 => AstmProbe.Decode(await ReadBytesAsync(args[1], stdinBytes, ct).ConfigureAwait(false), now),
                "accutorr" when args.Length == 2 => AccutorrProbe.Decode(await ReadBytesAsync(args[1], stdinBytes, ct).ConfigureAwait(false), now),
                "hl7" when args.Length == 2 => Hl7Probe.Decode(await ReadTextAsync(args[1], stdin, ct).ConfigureAwait(false), now),
                "monitor-json" when args.Length == 2 => MonitorJsonProbe.Decode(await ReadTextAsync(args[1], stdin, ct).ConfigureAwait(false), now),
                _ => throw new UsageException($"tg {UsageText}"),
            };
            await stdout.WriteLineAsync(ToJson(readings)).ConfigureAwait(false);
            return 0;
        }
        catch (DeviceFormatException ex)
        {
            await stderr.WriteLineAsync($"tg decode: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            await stderr.WriteLineAsync($"tg decode: {args[0]}: {args[^1]}: no such file").ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"tg decode: {args[0]}: {args[^1]}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>The decode JSON: kind, value, unit, time, sequence, flags, reported (and waveform where there is one).</summary>
    public static string ToJson(IReadOnlyList<Reading> readings)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("readings");
            foreach (var reading in readings)
            {
                json.WriteStartObject();
                json.WriteString("kind", reading.Kind);
                json.WriteNumber("value", reading.Value);
                json.WriteString("unit", reading.Unit);
                if (reading.MeasuredAt is { } time)
                {
                    json.WriteString("time", time);
                }
                else
                {
                    json.WriteNull("time");
                }

                if (reading.DeviceRecordNumber is { } sequence)
                {
                    json.WriteNumber("sequence", sequence);
                }
                else
                {
                    json.WriteNull("sequence");
                }

                json.WriteStartArray("flags");
                foreach (var flag in ReadingFlagNames.ToNames(reading.Flags))
                {
                    json.WriteStringValue(flag);
                }

                json.WriteEndArray();
                var reported = reading.Reported ?? new Quantity(reading.Value, reading.Unit);
                json.WriteStartObject("reported");
                json.WriteNumber("value", reported.Value);
                json.WriteString("unit", reported.Unit);
                json.WriteEndObject();
                if (reading.Waveform is { } wave)
                {
                    json.WriteStartObject("waveform");
                    json.WriteString("lead", wave.Lead);
                    json.WriteNumber("sampleRateHz", wave.SampleRateHz);
                    json.WriteString("start", wave.StartTime);
                    json.WriteNumber("resolution", wave.Resolution);
                    json.WriteNumber("samples", wave.Samples.Length);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static ushort ParseUuid16(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return hex.Length is > 0 and <= 4 && ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var uuid)
            ? uuid
            : throw new DeviceFormatException("ble", "uuid16", $"'{text}' is not a 16-bit UUID in hex (e.g. 2A35)");
    }

    private static byte[] ParseHex(string text)
    {
        var hex = text.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        if (hex.Length % 2 != 0)
        {
            throw new DeviceFormatException("ble", "payload", $"odd number of hex digits ({hex.Length})");
        }

        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw new DeviceFormatException("ble", $"payload byte {i}", $"'{hex.Substring(2 * i, 2)}' is not hex");
            }
        }

        return bytes;
    }

    private static async Task<byte[]> ReadBytesAsync(string path, Stream stdin, CancellationToken ct)
    {
        if (path != "-")
        {
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        await stdin.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task<string> ReadTextAsync(string path, TextReader stdin, CancellationToken ct) =>
        path == "-" ? await stdin.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
