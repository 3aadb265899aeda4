using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelemetryGateway.Mqtt.Tests.Infrastructure;

/// <summary>
/// A real mosquitto (Debian package) started for one test or one test class: generated
/// configuration under a private folder, plain listener on a random loopback port, an
/// optional TLS listener and password file. <see cref="RestartAsync"/> stops it (SIGTERM,
/// so the persistence file is saved) and starts it again on the same ports.
/// A missing or failing mosquitto makes <see cref="StartAsync"/> throw: tests fail loudly.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string MosquittoPath = "/usr/sbin/mosquitto";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly MosquittoOptions _options;
    private PeerProcess? _process;

    private MosquittoBroker(MosquittoOptions options, string directory, int port, int tlsPort)
    {
        _options = options;
        Directory = directory;
        Port = port;
        TlsPort = tlsPort;
    }

    /// <summary>Private folder holding mosquitto.conf, the password file, persistence and the log.</summary>
    public string Directory { get; }

    public string Host => "127.0.0.1";

    /// <summary>Plain MQTT listener on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>TLS listener on 127.0.0.1, or 0 without <see cref="MosquittoOptions.Tls"/>.</summary>
    public int TlsPort { get; }

    /// <summary>Process id of the running mosquitto (to SIGSTOP it and play a hung server).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("mosquitto is not running");

    public string ConfigurationPath => Path.Combine(Directory, "mosquitto.conf");

    public string LogPath => Path.Combine(Directory, "mosquitto.log");

    /// <summary>mosquitto's log so far (all log types), for assertion messages.</summary>
    public string Log => File.Exists(LogPath) ? ReadShared(LogPath) : "";

    public static async Task<MosquittoBroker> StartAsync(MosquittoOptions? options = null)
    {
        options ??= new MosquittoOptions();
        var directory = Path.Combine(Path.GetTempPath(), "tg-mosquitto-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var broker = new MosquittoBroker(options, directory, FreePort(), options.Tls ? FreePort() : 0);
        try
        {
            await broker.WritePasswordFileAsync();
            await File.WriteAllTextAsync(broker.ConfigurationPath, broker.BuildConfiguration());
            await broker.LaunchAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Graceful stop (SIGTERM), then start again with the same configuration and ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    /// <summary>Graceful stop; mosquitto writes its persistence file on the way out.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.TerminateAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
        }
    }

    /// <summary>SIGSTOP: the server hangs with its sockets open (a frozen or unreachable broker).</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("/bin/kill", [signal, ProcessId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} failed with {kill.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task LaunchAsync()
    {
        var process = PeerProcess.Start(MosquittoPath, ["-c", ConfigurationPath]);
        _process = process;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited at start\n{process.Transcript}\n--- log ---\n{Log}");
            }

            if (await AcceptsAsync(Port) && (TlsPort == 0 || await AcceptsAsync(TlsPort)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"mosquitto did not listen within {StartTimeout}\n{process.Transcript}\n--- log ---\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    private string BuildConfiguration()
    {
        var conf = new StringBuilder();
        // mosquitto started as root drops to user "mosquitto", which could not read our
        // private folder; run it as whoever runs the tests.
        conf.AppendLine(CultureInfo.InvariantCulture, $"user {Environment.UserName}");
        conf.AppendLine("per_listener_settings false");
        conf.AppendLine(CultureInfo.InvariantCulture, $"allow_anonymous {(_options.AllowAnonymous ? "true" : "false")}");
        if (_options.Users.Count > 0)
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"password_file {PasswordFilePath}");
        }

        conf.AppendLine(CultureInfo.InvariantCulture, $"persistence {(_options.Persistence ? "true" : "false")}");
        conf.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Directory}/");
        conf.AppendLine(CultureInfo.InvariantCulture, $"max_queued_messages {_options.MaxQueuedMessages}");
        conf.AppendLine(CultureInfo.InvariantCulture, $"log_dest file {LogPath}");
        conf.AppendLine("log_type all");
        conf.AppendLine("connection_messages true");
        conf.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} {Host}");
        if (_options.Tls)
        {
            var certificates = MqttTestCertificates.Shared;
            conf.AppendLine(CultureInfo.InvariantCulture, $"listener {TlsPort} {Host}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"cafile {certificates.CaCertPath}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"certfile {certificates.ServerCertPath}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"keyfile {certificates.ServerKeyPath}");
            conf.AppendLine(CultureInfo.InvariantCulture, $"require_certificate {(_options.RequireClientCertificate ? "true" : "false")}");
        }

        foreach (var line in _options.ExtraConfiguration)
        {
            conf.AppendLine(line);
        }

        return conf.ToString();
    }

    private string PasswordFilePath => Path.Combine(Directory, "passwords");

    private async Task WritePasswordFileAsync()
    {
        var first = true;
        foreach (var (user, password) in _options.Users)
        {
            // -c creates the file (first user), -b takes the password from the command line.
            string[] arguments = first ? ["-c", "-b", PasswordFilePath, user, password] : ["-b", PasswordFilePath, user, password];
            await using var tool = PeerProcess.Start("/usr/bin/mosquitto_passwd", arguments);
            var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(10));
            if (exit != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd failed ({exit})\n{tool.Transcript}");
            }

            first = false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort() => TelemetryGateway.Tests.Shared.LoopbackPorts.Pick();

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
