namespace TelemetryGateway.Cli;

internal static class Usage
{
    public const string Text = """
        usage: tg <command> [flags]
          hub              run the central hub (gRPC ingest, store, HTTP API)
          gateway          run an edge gateway
          demo             hub + gateway + simulated devices on one machine
          decode           ble <uuid16> <hex> | astm|hl7|monitor-json|accutorr <file|->: device bytes to readings as JSON
          hash-secret      print the hash of a gateway secret for Hub:Gateways:<id>:Secret
          hash-password    print the hash of a user's password for Hub:Auth:Users:<name>:PasswordHash
          new-token        print a new API token and its hash for Hub:Auth:ApiTokens:<name>:Token
          interop-server   gRPC interop server: --port=N [--use_tls=true --cert=F --key=F]
          interop-client   gRPC interop client: --server_host=H --server_port=N --test_case=NAME|all [--use_tls=true --ca=F]
        """;

    public static int Print()
    {
        Console.Out.WriteLine(Text);
        return 0;
    }
}
