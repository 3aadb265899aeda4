using System.Globalization;

namespace TelemetryGateway.FirmwareSim;

/// <summary>Faults the simulated meter injects on demand.</summary>
[Flags]
internal enum MeterFault
{
    None = 0,
    /// <summary>Every third frame goes out first with a wrong checksum; the retransmission is good.</summary>
    BadChecksum = 1,
    /// <summary>At frame K every transmission is corrupt: after 6 retransmissions the meter gives up (EOT) and starts over once.</summary>
    NakStorm = 2,
    /// <summary>Every frame is written in three pieces with pauses, so reads see partial frames.</summary>
    SplitFrames = 4,
    /// <summary>At frame K the meter falls silent (no EOT) for --silence seconds, then starts over.</summary>
    Silence = 8,
    /// <summary>At frame K the cable is pulled: the pty closes, the link vanishes, and after --unplug seconds a new one appears.</summary>
    Unplug = 16,
}

/// <summary>`tgsim meter` flags.</summary>
internal sealed record MeterOptions
{
    public const string Usage = """
        usage: tgsim meter --pty-link PATH [--records N] [--serial S] [--unit mg/dL|mmol/L] [--control-every K]
                           [--fault bad-checksum|nak-storm|split-frames|silence|unplug]… [--fault-at K]
                           [--reply-timeout SECONDS] [--silence SECONDS] [--unplug SECONDS] [--repeat SECONDS]
                           [--pace SECONDS] [--capacity C] [--new-per-transfer N] [--transfers-with-new M]
                           [--clear-after K]
        A Bayer Contour-style glucose meter on a pseudo-terminal: it sends its memory (H, P, R×N, L) over ASTM
        E1381 to whoever opens PATH, injects the faults asked for, and with --repeat sends it again every SECONDS.
        --pace waits that long before each frame (a slow meter; lets a test cut a transfer in the middle).
        Each fault at --fault-at fires once per run of tgsim (bad-checksum and split-frames: on every frame).
        Memory: results are numbered by position (1..count) as a Contour does. After each of the first M complete
        transfers the patient takes N new tests; a memory of C results drops its oldest when full (positions
        shift); --clear-after K clears the memory after the K-th complete transfer (positions restart at 1).
        """;

    public string PtyLink { get; init; } = "";
    public int Records { get; init; } = 20;
    public string Serial { get; init; } = "7390-SIM0001";
    public string Unit { get; init; } = "mg/dL";
    public int ControlEvery { get; init; }
    public MeterFault Faults { get; init; }
    public int FaultAt { get; init; } = -1;
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan Silence { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Unplug { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan? Repeat { get; init; }
    public TimeSpan Pace { get; init; }
    public int Capacity { get; init; }
    public int NewPerTransfer { get; init; }
    public int TransfersWithNew { get; init; } = int.MaxValue;
    public int ClearAfter { get; init; }

    public static MeterOptions Parse(string[] args)
    {
        var options = new MeterOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new SimulatorUsageException($"meter: {args[i]} needs a value\n{Usage}");
            options = args[i] switch
            {
                "--pty-link" => options with { PtyLink = value },
                "--records" => options with { Records = Int(value, args[i]) },
                "--serial" => options with { Serial = value },
                "--unit" => value is "mg/dL" or "mmol/L" ? options with { Unit = value } : throw new SimulatorUsageException($"meter: --unit {value}: mg/dL or mmol/L"),
                "--control-every" => options with { ControlEvery = Int(value, args[i]) },
                "--fault" => options with { Faults = options.Faults | Fault(value) },
                "--fault-at" => options with { FaultAt = Int(value, args[i]) },
                "--reply-timeout" => options with { ReplyTimeout = Seconds(value, args[i]) },
                "--silence" => options with { Silence = Seconds(value, args[i]) },
                "--unplug" => options with { Unplug = Seconds(value, args[i]) },
                "--repeat" => options with { Repeat = Seconds(value, args[i]) },
                "--pace" => options with { Pace = Seconds(value, args[i]) },
                "--capacity" => options with { Capacity = Int(value, args[i]) },
                "--new-per-transfer" => options with { NewPerTransfer = Int(value, args[i]) },
                "--transfers-with-new" => options with { TransfersWithNew = Int(value, args[i]) },
                "--clear-after" => options with { ClearAfter = Int(value, args[i]) },
                _ => throw new SimulatorUsageException($"meter: unknown flag {args[i]}\n{Usage}"),
            };
            i++;
        }

        return options.PtyLink.Length == 0 ? throw new SimulatorUsageException($"meter: --pty-link is required\n{Usage}") : options;
    }

    private static MeterFault Fault(string name) => name switch
    {
        "bad-checksum" => MeterFault.BadChecksum,
        "nak-storm" => MeterFault.NakStorm,
        "split-frames" => MeterFault.SplitFrames,
        "silence" => MeterFault.Silence,
        "unplug" => MeterFault.Unplug,
        _ => throw new SimulatorUsageException($"meter: unknown fault '{name}'\n{Usage}"),
    };

    private static int Int(string value, string flag) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new SimulatorUsageException($"meter: {flag} {value}: not a whole number");

    private static TimeSpan Seconds(string value, string flag) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : throw new SimulatorUsageException($"meter: {flag} {value}: not a number of seconds");
}
