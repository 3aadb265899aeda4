using System.Net;
using System.Security.Cryptography.X509Certificates;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.GrpcInterop;

namespace TelemetryGateway.Cli.Commands;

/// <summary>
/// gRPC's standard interop endpoints, with the flags of grpc/doc/interop-test-descriptions.md.
/// TLS material comes from --cert/--key (server) and --ca (client), PEM files, as a test CA provides them.
/// </summary>
public static class InteropCommands
{
    public static async Task<int> ServerAsync(CommandLineFlags flags, CancellationToken cancellationToken)
    {
        var port = flags.GetInt("port", 0);
        var tls = flags.GetBool("use_tls");
        var certificate = tls
            ? X509Certificate2.CreateFromPemFile(flags.Require("cert"), flags.Require("key"))
            : null;
        RejectUnknown(flags);
        await using var host = await InteropServerHost.StartAsync(new IPEndPoint(IPAddress.Loopback, port), certificate, cancellationToken: cancellationToken);
        Console.Out.WriteLine($"LISTENING {host.Port}");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    public static async Task<int> ClientAsync(CommandLineFlags flags, CancellationToken cancellationToken)
    {
        var host = flags.Get("server_host") ?? "localhost";
        var port = flags.GetInt("server_port", 0);
        var testCase = flags.Require("test_case");
        var tls = flags.GetBool("use_tls");
        var hostOverride = flags.Get("server_host_override");
        var caFile = flags.Get("ca");
        flags.Get("use_test_ca");
        RejectUnknown(flags);
        if (port <= 0)
        {
            throw new UsageException("--server_port is required.");
        }
        var options = new GrpcChannelOptions { TlsServerName = hostOverride };
        if (tls && caFile is not null)
        {
            options.ServerCertificateAuthority = X509CertificateLoader.LoadCertificateFromFile(caFile);
        }
        using var channel = GrpcChannel.ForAddress($"{(tls ? "https" : "http")}://{host}:{port}", options);
        var client = new InteropClient(channel);
        var cases = testCase == "all" ? InteropClient.TestCases : [testCase];
        var failures = 0;
        foreach (var name in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await client.RunAsync(name);
                Console.Out.WriteLine($"PASS {name}");
            }
            catch (Exception ex) when (ex is InteropFailure or Grpc.RpcException)
            {
                failures++;
                Console.Out.WriteLine($"FAIL {name}: {ex.Message}");
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static void RejectUnknown(CommandLineFlags flags)
    {
        if (flags.Unread.FirstOrDefault() is { } unknown)
        {
            throw new UsageException($"Unknown flag --{unknown}.");
        }
    }
}
