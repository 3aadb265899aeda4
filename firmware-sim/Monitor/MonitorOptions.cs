using System.Globalization;

namespace TelemetryGateway.FirmwareSim.Monitor;

/// <summary>`tgsim monitor` flags.</summary>
internal sealed record MonitorOptions
{
    public const string Usage = """
        usage: tgsim monitor [--broker HOST:PORT] [--unit A12] [--device mon1] [--patient P-0001] [--format json|hl7]
                             [--qos 0|1] [--duration SECONDS] [--speed-up N] [--onset SECONDS] [--deterioration SECONDS]
                             [--ecg-chunk-ms 200] [--no-ecg] [--status-every SECONDS] [--from LAT,LON] [--to LAT,LON]
                             [--destination NAME] [--speed M/S] [--user U --password P] [--client-id ID]
                             [--mqtt-version 4|5] [--start ISO-8601] [--seed N]
        An ambulance patient monitor publishing over MQTT to ambulance/{unit}/{device}/…: vitals every second
        (JSON on …/vitals, or HL7 v2 ORU^R01 on …/hl7), ECG lead II at 250 Hz in binary chunks on …/waveform/II,
        GPS position and ETA on …/position every second, device status on …/status. The patient deteriorates:
        after --onset (default 60 s) SpO2 falls, heart rate rises and blood pressure drops over --deterioration
        (default 600 s). --speed-up N runs simulated time N times faster (times stay in the past: the run ends
        now). Ends after --duration simulated seconds (default: runs until Ctrl-C), waits for the broker to
        acknowledge what it published, and prints one JSON line of counts.
        """;

    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 1883;
    public string Unit { get; init; } = "A12";
    public string Device { get; init; } = "mon1";
    public string Patient { get; init; } = "P-0001";
    public bool Hl7 { get; init; }
    public int Qos { get; init; } = 1;
    public TimeSpan? Duration { get; init; }
    public double SpeedUp { get; init; } = 1;
    public TimeSpan Onset { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Deterioration { get; init; } = TimeSpan.FromSeconds(600);
    public TimeSpan EcgChunk { get; init; } = TimeSpan.FromMilliseconds(200);
    public bool Ecg { get; init; } = true;
    public TimeSpan StatusEvery { get; init; } = TimeSpan.FromSeconds(5);
    public (double Lat, double Lon) From { get; init; } = (47.3620, 8.1090);
    public (double Lat, double Lon) To { get; init; } = (47.3905, 8.0538);
    public string Destination { get; init; } = "Kantonsspital Aarau ED";
    public double Speed { get; init; } = 14;
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? ClientId { get; init; }
    public int MqttVersion { get; init; } = 4;
    public DateTimeOffset? Start { get; init; }
    public int Seed { get; init; } = 1;

    public static MonitorOptions Parse(string[] args)
    {
        var options = new MonitorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--no-ecg")
            {
                options = options with { Ecg = false };
                continue;
            }
            var flag = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw Fail($"{flag} needs a value");
            options = flag switch
            {
                "--broker" => Broker(options, value),
                "--unit" => options with { Unit = Level(value, flag) },
                "--device" => options with { Device = Level(value, flag) },
                "--patient" => options with { Patient = value },
                "--format" => value is "json" or "hl7" ? options with { Hl7 = value == "hl7" } : throw Fail("--format is json or hl7"),
                "--qos" => value is "0" or "1" ? options with { Qos = value[0] - '0' } : throw Fail("--qos is 0 or 1"),
                "--duration" => options with { Duration = Seconds(value, flag) },
                "--speed-up" => options with { SpeedUp = Positive(value, flag) },
                "--onset" => options with { Onset = Seconds(value, flag, allowZero: true) },
                "--deterioration" => options with { Deterioration = Seconds(value, flag) },
                "--ecg-chunk-ms" => options with { EcgChunk = TimeSpan.FromMilliseconds(Positive(value, flag)) },
                "--status-every" => options with { StatusEvery = Seconds(value, flag) },
                "--from" => options with { From = LatLon(value, flag) },
                "--to" => options with { To = LatLon(value, flag) },
                "--destination" => options with { Destination = value },
                "--speed" => options with { Speed = Positive(value, flag) },
                "--user" => options with { User = value },
                "--password" => options with { Password = value },
                "--client-id" => options with { ClientId = value },
                "--mqtt-version" => value is "4" or "5" ? options with { MqttVersion = value[0] - '0' } : throw Fail("--mqtt-version is 4 or 5"),
                "--start" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
                    ? options with { Start = start } : throw Fail($"--start {value}: not an ISO 8601 time"),
                "--seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? options with { Seed = seed } : throw Fail("--seed is an integer"),
                _ => throw Fail($"unknown flag {flag}"),
            };
        }
        if (options.EcgChunk.TotalSeconds * EcgSynth.DefaultRateHz < 1)
        {
            throw Fail("--ecg-chunk-ms must hold at least one sample (4 ms at 250 Hz)");
        }
        return options;
    }

    private static SimulatorUsageException Fail(string message) => new($"monitor: {message}\n{Usage}");

    private static MonitorOptions Broker(MonitorOptions options, string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? options with { Host = value[..colon], Port = port }
            : throw Fail($"--broker {value}: host:port");
    }

    private static string Level(string value, string flag) =>
        value.Length > 0 && value.IndexOfAny(['/', '+', '#']) < 0 ? value : throw Fail($"{flag} {value}: one topic level, no / + #");

    private static TimeSpan Seconds(string value, string flag, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0))
            ? TimeSpan.FromSeconds(s) : throw Fail($"{flag} {value}: seconds");

    private static double Positive(string value, string flag) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
            ? v : throw Fail($"{flag} {value}: a positive number");

    private static (double, double) LatLon(string value, string flag)
    {
        var parts = value.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && lat is >= -90 and <= 90
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && lon is >= -180 and <= 180
            ? (lat, lon) : throw Fail($"{flag} {value}: LAT,LON in degrees");
    }
}
