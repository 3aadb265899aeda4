using System.Globalization;

namespace TelemetryGateway.FirmwareSim;

/// <summary>`tgsim bp` flags.</summary>
internal sealed record AccutorrOptions
{
    public const string Usage = """
        usage: tgsim bp --pty-link PATH [--measurements N] [--every SECONDS] [--age MINUTES]
                        [--unplug-after K] [--unplug SECONDS] [--garble-at K]
        A Datascope Accutorr NIBP monitor's PC interface on a pseudo-terminal: banner, ">" prompt, and replies to
        ^C (prompt request), P (patient data) and L (alarm limits). It takes measurement 1 at start and the next one
        once the current one was read (P) twice and at least --every SECONDS passed, up to N. Measurement k is a pure
        function of k (see AccutorrMemory). --age adds minutes to the elapsed time it reports.
        Faults: --unplug-after K pulls the cable once measurement K was read twice (back after --unplug SECONDS);
        --garble-at K answers the first P for measurement K with a malformed line.
        """;

    public string PtyLink { get; init; } = "";
    public int Measurements { get; init; } = 5;
    public TimeSpan Every { get; init; } = TimeSpan.FromSeconds(2);
    public int AgeMinutes { get; init; }
    public int UnplugAfter { get; init; }
    public TimeSpan Unplug { get; init; } = TimeSpan.FromSeconds(1);
    public int GarbleAt { get; init; }

    public static AccutorrOptions Parse(string[] args)
    {
        var options = new AccutorrOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new SimulatorUsageException($"bp: {args[i]} needs a value\n{Usage}");
            options = args[i] switch
            {
                "--pty-link" => options with { PtyLink = value },
                "--measurements" => options with { Measurements = Int(value, args[i]) },
                "--every" => options with { Every = Seconds(value, args[i]) },
                "--age" => options with { AgeMinutes = Int(value, args[i]) },
                "--unplug-after" => options with { UnplugAfter = Int(value, args[i]) },
                "--unplug" => options with { Unplug = Seconds(value, args[i]) },
                "--garble-at" => options with { GarbleAt = Int(value, args[i]) },
                _ => throw new SimulatorUsageException($"bp: unknown flag {args[i]}\n{Usage}"),
            };
            i++;
        }

        return options.PtyLink.Length == 0 ? throw new SimulatorUsageException($"bp: --pty-link is required\n{Usage}") : options;
    }

    private static int Int(string value, string flag) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new SimulatorUsageException($"bp: {flag} {value}: not a whole number");

    private static TimeSpan Seconds(string value, string flag) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : throw new SimulatorUsageException($"bp: {flag} {value}: not a number of seconds");
}
