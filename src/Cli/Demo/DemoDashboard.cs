namespace TelemetryGateway.Cli.Demo;

/// <summary>What the demo adds for the dashboard (docs/dashboard.md): the names it shows for the demo's patients.</summary>
internal static class DemoDashboard
{
    private static readonly (string Id, string Name)[] Names =
    [
        ("P-1001", "Li Xiuying"),
        ("P-1002", "Wang Jianguo"),
        ("P-1003", "Zhang Min"),
        ("P-1004", "Liu Guirong"),
        (DemoDevices.AmbulancePatient, "Chen Hua"),
    ];

    public static void Configure(IDictionary<string, string?> settings)
    {
        foreach (var (id, name) in Names)
        {
            settings[$"Hub:Patients:{id}:Name"] = name;
        }
    }
}
