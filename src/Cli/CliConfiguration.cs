using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Cli;

/// <summary>
/// Settings come, later ones winning, from: appsettings.json beside the program and in the working
/// directory, --config FILE, environment variables prefixed TG_ (TG_Hub__GrpcUrl), the shorthand flags
/// (--data, --grpc …) and the standard .NET form --Section:Key=value.
/// </summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Build(IEnumerable<string> args, IReadOnlyDictionary<string, string> shorthands, string? repeatableShorthand = null, string? repeatableKey = null)
    {
        var shorthandValues = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var passThrough = new List<string>();
        string? configFile = null;
        var repeated = 0;
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var (name, inlineValue) = Split(list[i]);
            string NextValue() => inlineValue ?? (i + 1 < list.Count ? list[++i] : throw new UsageException($"--{name} needs a value."));
            if (name == "config")
            {
                configFile = NextValue();
            }
            else if (name == repeatableShorthand)
            {
                shorthandValues[$"{repeatableKey}:{repeated++}"] = NextValue();
            }
            else if (name is not null && shorthands.TryGetValue(name, out var key))
            {
                shorthandValues[key] = NextValue();
            }
            else if (name is not null && name.Contains(':'))
            {
                passThrough.Add(list[i]);
                if (inlineValue is null && i + 1 < list.Count)
                {
                    passThrough.Add(list[++i]);
                }
            }
            else
            {
                throw new UsageException($"Unknown option '{list[i]}'. Settings can also be given as --Section:Key=value.");
            }
        }
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new UsageException($"Configuration file '{configFile}' does not exist.");
            }
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        return builder
            .AddEnvironmentVariables("TG_")
            .AddInMemoryCollection(shorthandValues)
            .AddCommandLine(passThrough.ToArray())
            .Build();
    }

    public static ILoggerFactory CreateLoggers(IConfiguration configuration) => LoggerFactory.Create(logging =>
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
    });

    private static (string? Name, string? Value) Split(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return (null, null);
        }
        var body = arg[2..];
        var eq = body.IndexOf('=');
        return eq < 0 ? (body, null) : (body[..eq], body[(eq + 1)..]);
    }
}
