using System.Diagnostics.CodeAnalysis;

namespace TelemetryGateway.Monitors;

/// <summary>A monitor topic, <c>ambulance/{unit}/{device}/{stream}</c> (stream "waveform/{channel}" has two levels).</summary>
/// <param name="Unit">The ambulance, e.g. "A12".</param>
/// <param name="Device">The monitor, e.g. "mon1": the reading's device id.</param>
/// <param name="Stream">What the payload holds.</param>
/// <param name="Channel">For waveforms: the lead ("II") or "pleth"/"co2"; else null.</param>
public sealed record MonitorTopic(string Unit, string Device, MonitorStream Stream, string? Channel)
{
    public const string Root = "ambulance";

    /// <summary>The subscription filter for every monitor of every ambulance.</summary>
    public const string AllFilter = "ambulance/#";

    /// <summary>Parses a topic name; false (with the reason) for anything that is not a monitor topic.</summary>
    public static bool TryParse(string topic, [NotNullWhen(true)] out MonitorTopic? parsed, out string problem)
    {
        parsed = null;
        var levels = topic.Split('/');
        if (levels.Length < 4 || levels[0] != Root)
        {
            problem = "not ambulance/{unit}/{device}/{stream}";
            return false;
        }
        if (levels[1].Length == 0 || levels[2].Length == 0)
        {
            problem = "empty unit or device level";
            return false;
        }
        MonitorStream? stream = (levels[3], levels.Length) switch
        {
            ("vitals", 4) => MonitorStream.Vitals,
            ("status", 4) => MonitorStream.Status,
            ("position", 4) => MonitorStream.Position,
            ("hl7", 4) => MonitorStream.Hl7,
            ("waveform", 5) when levels[4].Length > 0 => MonitorStream.Waveform,
            _ => null,
        };
        if (stream is null)
        {
            problem = $"unknown stream '{string.Join('/', levels[3..])}'";
            return false;
        }
        parsed = new MonitorTopic(levels[1], levels[2], stream.Value, stream == MonitorStream.Waveform ? levels[4] : null);
        problem = "";
        return true;
    }

    /// <summary>The topic name, e.g. "ambulance/A12/mon1/waveform/II".</summary>
    public override string ToString() =>
        $"{Root}/{Unit}/{Device}/{Stream switch
        {
            MonitorStream.Vitals => "vitals",
            MonitorStream.Status => "status",
            MonitorStream.Position => "position",
            MonitorStream.Hl7 => "hl7",
            _ => "waveform/" + Channel,
        }}";
}
