using System.Globalization;
using TelemetryGateway.Core;

namespace TelemetryGateway.Gateway.Sources;

/// <summary>
/// A parsed <c>gen:device=D,count=N,rate=R[,kind=K][,priority=bulk|live][,patient=P]</c>: synthetic readings of
/// kind K for device D with device record numbers 1..N at R readings/s (0 = as fast as possible).
/// </summary>
public sealed record GeneratorSpec(string Device, long Count, double Rate, string Kind, ReadingPriority Priority, string? Patient)
{
    public const string Prefix = "gen:";

    public const string Syntax = "gen:device=D,count=N,rate=R[,kind=K][,priority=bulk|live][,patient=P]";

    /// <summary>Parses a spec; throws <see cref="GatewayConfigurationException"/> saying what is wrong.</summary>
    public static GeneratorSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw Error(spec, $"it does not start with '{Prefix}'");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in spec[Prefix.Length..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Error(spec, $"'{part}' is not key=value");
            }

            var key = part[..equals].Trim();
            if (key is not ("device" or "count" or "rate" or "kind" or "priority" or "patient"))
            {
                throw Error(spec, $"unknown key '{key}'");
            }

            if (!fields.TryAdd(key, part[(equals + 1)..].Trim()))
            {
                throw Error(spec, $"'{key}' is given twice");
            }
        }

        var device = Required(spec, fields, "device");
        var count = long.TryParse(Required(spec, fields, "count"), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Error(spec, $"count '{fields["count"]}' is not a whole number ≥ 0");
        var rate = double.TryParse(Required(spec, fields, "rate"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r)
            ? r
            : throw Error(spec, $"rate '{fields["rate"]}' is not a number ≥ 0 (readings per second; 0 = as fast as possible)");
        var kind = fields.GetValueOrDefault("kind", ReadingKinds.HeartRate);
        if (!ReadingKinds.IsKnown(kind))
        {
            throw Error(spec, $"kind '{kind}' is not in the vocabulary");
        }

        var priority = fields.GetValueOrDefault("priority", "bulk") switch
        {
            "bulk" => ReadingPriority.Bulk,
            "live" => ReadingPriority.Live,
            var other => throw Error(spec, $"priority '{other}' is not bulk or live"),
        };
        var patient = fields.GetValueOrDefault("patient");
        return new GeneratorSpec(device, count, rate, kind, priority, string.IsNullOrEmpty(patient) ? null : patient);
    }

    private static string Required(string spec, Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value) && value.Length > 0 ? value : throw Error(spec, $"'{key}' is missing");

    private static GatewayConfigurationException Error(string spec, string problem) =>
        new($"Invalid generator source '{spec}': {problem}. Syntax: {Syntax}");
}
