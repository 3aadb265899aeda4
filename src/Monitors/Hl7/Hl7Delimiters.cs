using TelemetryGateway.Core;

namespace TelemetryGateway.Monitors.Hl7;

/// <summary>The separators a message declares in MSH-1 and MSH-2 (HL7 v2.6 §2.5.4 "Message delimiters").</summary>
/// <remarks>
/// Senders almost always use <c>|^~\&amp;</c>, but the standard lets each message choose, so the parser reads
/// them from the message instead of assuming them.
/// </remarks>
public sealed record Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    /// <summary>The recommended delimiters <c>|^~\&amp;</c>.</summary>
    public static Hl7Delimiters Default { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>Reads MSH-1 and MSH-2 from the first segment.</summary>
    /// <exception cref="DeviceFormatException">The segment is not MSH or the delimiters are unusable.</exception>
    public static Hl7Delimiters FromHeader(string msh)
    {
        if (msh.Length < 8 || !msh.StartsWith("MSH", StringComparison.Ordinal))
        {
            throw new DeviceFormatException("hl7", "MSH", "the message does not start with an MSH segment");
        }
        var field = msh[3];
        var end = msh.IndexOf(field, 4);
        var encoding = end < 0 ? msh[4..] : msh[4..end];
        // MSH-2 holds component, repetition, escape, subcomponent (v2.7 adds a truncation character).
        if (encoding.Length < 4)
        {
            throw new DeviceFormatException("hl7", "MSH-2", $"needs 4 encoding characters, found '{encoding}'");
        }
        var delimiters = new Hl7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
        var all = new[] { field, encoding[0], encoding[1], encoding[2], encoding[3] };
        if (all.Distinct().Count() != all.Length || all.Any(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c)))
        {
            throw new DeviceFormatException("hl7", "MSH-2", "delimiters must be five distinct non-alphanumeric characters");
        }
        return delimiters;
    }
}
