namespace TelemetryGateway.Cli;

/// <summary>
/// Flags in gRPC's interop style: "--name=value" or "--name value"; a bare "--name" is "true".
/// Unknown flags are reported, not ignored, so a typo does not silently change a test.
/// </summary>
public sealed class CommandLineFlags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLineFlags(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unexpected argument '{arg}'; flags look like --name=value.");
            }
            var body = arg[2..];
            var eq = body.IndexOf('=');
            if (eq >= 0)
            {
                _values[body[..eq]] = body[(eq + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _values[body] = list[++i];
            }
            else
            {
                _values[body] = "true";
            }
        }
    }

    public string? Get(string name)
    {
        _read.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public string Require(string name) => Get(name) ?? throw new UsageException($"Missing --{name}.");

    public int GetInt(string name, int fallback)
    {
        var text = Get(name);
        return text is null ? fallback : int.TryParse(text, out var value) ? value : throw new UsageException($"--{name} must be a whole number, not '{text}'.");
    }

    public bool GetBool(string name) => Get(name) switch
    {
        null or "false" or "0" => false,
        "true" or "1" => true,
        var text => throw new UsageException($"--{name} must be true or false, not '{text}'."),
    };

    /// <summary>Flags given but never asked for.</summary>
    public IEnumerable<string> Unread => _values.Keys.Where(k => !_read.Contains(k));
}

public sealed class UsageException(string message) : Exception(message);
