using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TelemetryGateway.Grpc.Tests.Infrastructure;

/// <summary>Exit code and captured output of one run of the Python peer.</summary>
public sealed record PeerResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"exit {ExitCode}\n--- stdout ---\n{Stdout.TrimEnd()}\n--- stderr ---\n{Stderr.TrimEnd()}";
}

/// <summary>
/// The independent gRPC peer: Debian's python3-grpcio driven by <c>Peer/interop_peer.py</c>.
/// <see cref="StartServerAsync"/> runs its TestService server on a free port (disposing the
/// instance stops it); <see cref="RunClientAsync"/> runs one standard interop client test case
/// (or "all") against any server. The script and the interop protos are copied next to the test
/// assembly (Peer/ and Protos/); the script generates its Python message classes with protoc.
/// </summary>
public sealed class PythonPeer : IAsyncDisposable
{
    public const string PythonPath = "/usr/bin/python3";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lazy<Task<string>> GrpcVersion = new(ProbePythonAsync);

    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly Task _stdoutDrain;
    private int _disposed;

    private PythonPeer(Process process, StringBuilder stderr, Task stdoutDrain, int port, bool tls)
    {
        _process = process;
        _stderr = stderr;
        _stdoutDrain = stdoutDrain;
        Port = port;
        UsesTls = tls;
    }

    /// <summary>Port the grpcio server listens on (all interfaces, IPv4 and IPv6).</summary>
    public int Port { get; }

    /// <summary>Host name to dial; the test server certificate is issued for it.</summary>
    public string Host => TestCertificates.ServerName;

    public bool UsesTls { get; }

    public Uri Address => new($"{(UsesTls ? "https" : "http")}://{Host}:{Port}");

    /// <summary>What the server wrote on stderr so far (grpc core logs, Python tracebacks).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Full path of interop_peer.py (copied to the test output, else found in the repository).</summary>
    public static string ScriptPath { get; } = Locate(Path.Combine("Peer", "interop_peer.py"), Path.Combine("tests", "Grpc.Tests", "Peer", "interop_peer.py"));

    /// <summary>Folder holding empty.proto, messages.proto and test.proto.</summary>
    public static string ProtosDirectory { get; } = Path.GetDirectoryName(
        Locate(Path.Combine("Protos", "test.proto"), Path.Combine("src", "GrpcInterop", "Protos", "test.proto")))!;

    /// <summary>
    /// Starts the grpcio interop server on a free port. With <paramref name="tls"/> it serves the
    /// test server certificate; <paramref name="requireClientCertificate"/> turns on mutual TLS.
    /// </summary>
    public static async Task<PythonPeer> StartServerAsync(
        TestCertificates? tls = null, bool requireClientCertificate = false, CancellationToken cancellationToken = default)
    {
        await EnsureAvailableAsync().ConfigureAwait(false);

        var args = new List<string> { "server", "--port=0" };
        if (tls is not null)
        {
            args.Add("--use_tls=true");
            args.Add("--cert=" + tls.ServerCertPath);
            args.Add("--key=" + tls.ServerKeyPath);
            if (requireClientCertificate)
            {
                args.Add("--client_ca=" + tls.CaCertPath);
            }
        }

        var process = StartProcess(args);
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        int port;
        try
        {
            port = await ReadListeningPortAsync(process, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var exited = process.HasExited;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            string err;
            lock (stderr)
            {
                err = stderr.ToString().TrimEnd();
            }

            var why = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"did not print LISTENING within {StartTimeout.TotalSeconds:0} s"
                : exited ? $"exited with code {process.ExitCode} before listening" : ex.Message;
            process.Dispose();
            throw new InvalidOperationException(
                $"Python interop server ({PythonPath} {ScriptPath}) {why}.\n--- stderr ---\n{err}", ex);
        }

        // Keep reading stdout so the peer can never block on a full pipe.
        var drain = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        return new PythonPeer(process, stderr, drain, port, tls is not null);
    }

    /// <summary>
    /// Runs <c>interop_peer.py client</c>: one standard interop test case, or "all" (one
    /// "PASS name" / "FAIL name: reason" line per case, exit code = number of failures).
    /// </summary>
    public static Task<PeerResult> RunClientAsync(
        string host,
        int port,
        string testCase,
        TestCertificates? tls = null,
        string? serverHostOverride = null,
        bool useClientCertificate = false,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = new List<string>
        {
            "client",
            "--server_host=" + host,
            "--server_port=" + port.ToString(CultureInfo.InvariantCulture),
            "--test_case=" + testCase,
        };
        AddClientTls(args, tls, serverHostOverride, useClientCertificate);
        return RunAsync(args, timeout ?? TimeSpan.FromMinutes(2), cancellationToken);
    }

    /// <summary>
    /// Runs <c>interop_peer.py bench-client</c>; its stdout is one JSON line of figures
    /// (unary: calls_per_s, p50_us, p99_us; stream: messages_per_s).
    /// </summary>
    public static Task<PeerResult> RunBenchClientAsync(
        string host,
        int port,
        string mode,
        double seconds,
        int concurrency,
        TestCertificates? tls = null,
        int payloadBytes = 16,
        CancellationToken cancellationToken = default)
    {
        var args = new List<string>
        {
            "bench-client",
            "--server_host=" + host,
            "--server_port=" + port.ToString(CultureInfo.InvariantCulture),
            "--mode=" + mode,
            "--seconds=" + seconds.ToString(CultureInfo.InvariantCulture),
            "--concurrency=" + concurrency.ToString(CultureInfo.InvariantCulture),
            "--payload=" + payloadBytes.ToString(CultureInfo.InvariantCulture),
        };
        AddClientTls(args, tls, null, false);
        return RunAsync(args, TimeSpan.FromSeconds(seconds + 60), cancellationToken);
    }

    /// <summary>Runs the peer script with arbitrary arguments and captures its output.</summary>
    public static async Task<PeerResult> RunAsync(
        IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await EnsureAvailableAsync().ConfigureAwait(false);
        using var process = StartProcess(arguments);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            var partial = new PeerResult(-1, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException(
                $"Python peer `{string.Join(' ', arguments)}` did not finish within {timeout.TotalSeconds:0} s.\n{partial}");
        }

        return new PeerResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>
    /// Throws (with the interpreter's stderr) unless /usr/bin/python3 can import grpc and the
    /// peer script and protos are present. Returns the grpcio version.
    /// </summary>
    public static Task<string> EnsureAvailableAsync() => GrpcVersion.Value;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // Closing stdin asks the peer to stop gracefully; kill it if it lingers.
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(_process);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await _stdoutDrain.ConfigureAwait(false);
        }
        catch (IOException)
        {
            Kill(_process);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void AddClientTls(List<string> args, TestCertificates? tls, string? serverHostOverride, bool useClientCertificate)
    {
        if (tls is not null)
        {
            args.Add("--use_tls=true");
            args.Add("--ca=" + tls.CaCertPath);
            if (useClientCertificate)
            {
                args.Add("--cert=" + tls.ClientCertPath);
                args.Add("--key=" + tls.ClientKeyPath);
            }
        }

        if (serverHostOverride is not null)
        {
            args.Add("--server_host_override=" + serverHostOverride);
        }
    }

    private static Process StartProcess(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(PythonPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetDirectoryName(ScriptPath)!,
        };
        info.ArgumentList.Add(ScriptPath);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add("--protos_dir=" + ProtosDirectory);
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        // Proxies must not capture loopback gRPC connections.
        info.Environment.Remove("http_proxy");
        info.Environment.Remove("https_proxy");
        info.Environment.Remove("grpc_proxy");
        info.Environment["no_grpc_proxy"] = "*";

        return Process.Start(info)
            ?? throw new InvalidOperationException($"could not start {PythonPath} {ScriptPath}");
    }

    private static async Task<int> ReadListeningPortAsync(Process process, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException("stdout closed before LISTENING");
            }

            const string prefix = "LISTENING ";
            if (line.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(prefix.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && port > 0)
            {
                return port;
            }
        }
    }

    private static async Task<string> ProbePythonAsync()
    {
        if (!File.Exists(PythonPath))
        {
            throw new InvalidOperationException($"{PythonPath} not found: install Debian's python3 and python3-grpcio.");
        }

        var info = new ProcessStartInfo(PythonPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import grpc, google.protobuf; print(grpc.__version__)");
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"could not start {PythonPath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{PythonPath} cannot import grpc (install python3-grpcio and python3-protobuf):\n{(await stderr.ConfigureAwait(false)).TrimEnd()}");
        }

        if (!File.Exists(ScriptPath))
        {
            throw new InvalidOperationException($"interop peer script missing: {ScriptPath}");
        }

        return (await stdout.ConfigureAwait(false)).Trim();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Finds a file copied to the test output, else walks up to the repository copy.</summary>
    private static string Locate(string outputRelative, string repoRelative)
    {
        var inOutput = Path.Combine(AppContext.BaseDirectory, outputRelative);
        if (File.Exists(inOutput))
        {
            return inOutput;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, repoRelative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return inOutput;
    }
}
