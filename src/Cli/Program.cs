using TelemetryGateway.Cli;
using TelemetryGateway.Cli.Commands;

// Not disposed: ProcessExit can fire after Main returns, and cancelling a disposed source throws.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
// SIGTERM (systemd, kill): the web host's console lifetime also listens, but only for its own host.
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// Before any SQLite connection opens (multi-thread mode, no memory statistics: see SqliteProcessSettings).
TelemetryGateway.Storage.Sqlite.SqliteProcessSettings.Apply();

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage.Text);
    return 2;
}

try
{
    var rest = args.Skip(1);
    return args[0] switch
    {
        "hub" => await HubCommand.RunAsync(rest, stop.Token),
        "gateway" => await GatewayCommand.RunAsync(rest, stop.Token),
        "demo" => await DemoCommand.RunAsync(rest, stop.Token),
        "decode" => await DecodeCommand.RunAsync(rest.ToArray(), Console.In, Console.OpenStandardInput(), Console.Out, Console.Error, stop.Token),
        "hash-secret" => await HashSecretCommand.RunAsync(rest.ToArray()),
        "hash-password" => await AuthCommands.HashPasswordAsync(rest.ToArray()),
        "new-token" => AuthCommands.NewToken(rest.ToArray()),
        "interop-server" => await InteropCommands.ServerAsync(new CommandLineFlags(rest), stop.Token),
        "interop-client" => await InteropCommands.ClientAsync(new CommandLineFlags(rest), stop.Token),
        "help" or "--help" or "-h" => Usage.Print(),
        _ => throw new UsageException($"Unknown command '{args[0]}'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"tg: {ex.Message}");
    Console.Error.WriteLine(Usage.Text);
    return 2;
}
