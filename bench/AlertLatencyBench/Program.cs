using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using TelemetryGateway.Bench.AlertLatency;
using TelemetryGateway.Contracts.Alerts;
using TelemetryGateway.Contracts.Alerts.V1;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway;
using TelemetryGateway.Grpc;
using TelemetryGateway.Grpc.Client;
using TelemetryGateway.Hub;

// alert-latency-bench: from a reading handed to the gateway (and from its accept: durable in the edge buffer) to
// the alert's WatchAlerts event at a watcher of the hub; a real hub and a real gateway in this process, gRPC
// over loopback. Usage: alert-latency-bench [--samples=300] [--gap-ms=50] [--live-rate=0]
//   --live-rate=R  a generator streams R live vitals/s through the same gateway meanwhile (load on the path).
var flags = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
int Flag(string name, int fallback) => int.Parse(flags.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var samples = Flag("samples", 300);
var gap = TimeSpan.FromMilliseconds(Flag("gap-ms", 50));
var liveRate = Flag("live-rate", 0);
const string Secret = "alert-latency-bench-secret";
const string Token = "alert-latency-bench-token-0123456789abcdef";

var root = Directory.CreateTempSubdirectory("alert-latency-bench-").FullName;
await using var hub = await HubHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Hub:DataDirectory"] = Path.Combine(root, "hub"),
    ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
    ["Hub:HttpUrl"] = "http://127.0.0.1:0",
    ["Hub:Gateways:bench-gw:Secret"] = SecretHasher.Hash(Secret),
    ["Hub:Auth:BootstrapToken"] = Token,
}).Build());
var gatewaySettings = new Dictionary<string, string?>
{
    ["Gateway:Id"] = "bench-gw",
    ["Gateway:Secret"] = Secret,
    ["Gateway:DataDirectory"] = Path.Combine(root, "gateway"),
    ["Gateway:HubUrl"] = hub.GrpcAddress.ToString(),
    ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
};
if (liveRate > 0)
{
    gatewaySettings["Gateway:Sources:0"] = $"gen:device=load-monitor,count=100000000,rate={liveRate},priority=live,kind=heart.rate";
}
await using var gateway = await GatewayHost.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(gatewaySettings).Build());

// The watcher: every raised alert's arrival time, by patient.
var arrived = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
TaskCompletionSource<long> Arrival(string patient) => arrived.GetOrAdd(patient, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
using var stop = new CancellationTokenSource();
using var channel = GrpcChannel.ForAddress(hub.GrpcAddress);
using var call = channel.AsyncServerStreamingCall(AlertsServiceDescriptor.WatchAlerts,
    new WatchAlertsRequest { MinSeverity = TelemetryGateway.Contracts.V1.AlertSeverity.Urgent },
    new CallOptions(Headers: new Metadata().Add("authorization", "Bearer " + Token), CancellationToken: stop.Token));
var watcher = Task.Run(async () =>
{
    try
    {
        while (await call.ResponseStream.MoveNext(stop.Token))
        {
            var at = Stopwatch.GetTimestamp();
            var change = call.ResponseStream.Current;
            if (change.Action == "raised")
            {
                Arrival(change.Alert.PatientId).TrySetResult(at);
            }
        }
    }
    catch (Exception) when (stop.IsCancellationRequested)
    {
    }
});

var handedIn = new List<double>();
var fromAccept = new List<double>();
var acceptTimes = new List<double>();
var timeout = TimeSpan.FromSeconds(30);
for (var i = 0; i <= samples; i++) // sample 0 subscribes the watcher and warms up; not counted
{
    var patient = $"bench-{i}";
    var now = DateTimeOffset.UtcNow;
    var start = Stopwatch.GetTimestamp();
    await gateway.Sink.AcceptAsync(Workload.UrgentBp(patient, now), CancellationToken.None);
    var accepted = Stopwatch.GetTimestamp();
    var at = await Arrival(patient).Task.WaitAsync(timeout);
    if (i > 0)
    {
        handedIn.Add(Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);
        fromAccept.Add(Stopwatch.GetElapsedTime(accepted, at).TotalMilliseconds);
        acceptTimes.Add(Stopwatch.GetElapsedTime(start, accepted).TotalMilliseconds);
    }
    await Task.Delay(gap);
}

await stop.CancelAsync();
await watcher;
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"alert latency, {samples} urgent BP alerts one at a time ({gap.TotalMilliseconds:0} ms apart), live load {liveRate} readings/s; {Environment.ProcessorCount} cores; loadavg {load}"));
Console.WriteLine(Workload.Describe("reading handed to the gateway -> WatchAlerts event", handedIn));
Console.WriteLine(Workload.Describe("reading accepted (durable at the edge) -> WatchAlerts event", fromAccept));
Console.WriteLine(Workload.Describe("accept itself (validate, judge, commit with fsync)", acceptTimes));
Directory.Delete(root, recursive: true);
