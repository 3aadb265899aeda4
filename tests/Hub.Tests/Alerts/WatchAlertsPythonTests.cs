using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;
using static TelemetryGateway.Hub.Tests.Alerts.AlertFixture;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>WatchAlerts consumed by an independent client: python3-grpcio (Peer/watch_alerts.py), filtering by
/// clinic, patient and minimum severity, resuming after an event id from the log and then live.</summary>
public sealed class WatchAlertsPythonTests : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";
    private TestHub _hub = null!;

    private AlertService Alerts => _hub.Host.Alerts;

    public async Task InitializeAsync() => _hub = await AlertHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static string Located(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        Assert.True(File.Exists(path), $"{path} is missing from the test output");
        return path;
    }

    private static AlertSignal Glucose(string patient, AlertSeverity severity, double value) => new()
    {
        RuleId = AlertRuleIds.GlucoseLow,
        PatientId = patient,
        DeviceId = "meter-" + patient,
        Transition = AlertTransition.Raised,
        Severity = severity,
        EpisodeStart = Start.AddMinutes(5),
        At = Start.AddMinutes(5),
        Message = $"glucose {value} mmol/L",
        Kind = "glucose",
        Value = value,
        Unit = "mmol/L",
    };

    [Fact]
    public async Task A_grpcio_client_gets_exactly_the_changes_of_its_clinic_patient_and_severity_from_the_log_then_live()
    {
        // Before the watcher exists: the first change is its resume point, the rest it must read from the log.
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-3"), "gw-2", default);
        var resumeAfter = (await Alerts.AuditAsync(AlertFilter.All, null, 0, 100, default)).Max(c => c.EventId);
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0), "gw-1", default);           // too mild
        await Alerts.ApplyAsync(Bp(AlertTransition.Updated, AlertSeverity.Urgent, 0, 10, systolic: 184), "gw-1", default); // now urgent: wanted
        await Alerts.ApplyAsync(Bp(AlertTransition.Raised, AlertSeverity.Urgent, 0, 0, patient: "patient-2"), "gw-1", default); // other patient

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[]
        {
            Located(Path.Combine("Peer", "watch_alerts.py")),
            $"--target=127.0.0.1:{_hub.Host.GrpcAddress.Port}",
            "--protos_dir=" + Path.GetDirectoryName(Located(Path.Combine("Protos", "alerts.proto"))),
            "--clinic=clinic-a", "--patient=patient-1", "--min_severity=3", $"--after={resumeAfter}", "--count=3", "--timeout=20", "--token=" + TestHub.AdminToken,
        })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("http_proxy");
        start.Environment.Remove("https_proxy");
        start.Environment["no_grpc_proxy"] = "*";
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stderr = python.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            string? first;
            try
            {
                first = await python.StandardOutput.ReadLineAsync(hang.Token);
            }
            catch (OperationCanceledException)
            {
                python.Kill(entireProcessTree: true);
                throw new TimeoutException($"watch_alerts.py did not subscribe within 60 s:\n{await stderr}");
            }
            var subscribedAt = DateTimeOffset.UtcNow;
            if (first != "SUBSCRIBED")
            {
                // Not in Assert.True's message: an interpolated "await stderr" would run even on success and wait
                // for the script to exit (its deadline) before the live changes below are made.
                Assert.Fail($"watch_alerts.py: {first}\n{await stderr}");
            }

            await Alerts.ApplyAsync(Glucose("patient-3", AlertSeverity.Urgent, 2.8), "gw-2", default).WaitAsync(TimeSpan.FromSeconds(10));   // other clinic
            await Alerts.ApplyAsync(Glucose("patient-1", AlertSeverity.Urgent, 2.7), "gw-1", default);   // wanted
            var glucose = (await Alerts.ListAsync(new AlertFilter(PatientId: "patient-1"), 10, default)).Single(a => a.RuleId == AlertRuleIds.GlucoseLow);
            await Alerts.AcknowledgeAsync(glucose.Id, "nurse Chen", "juice given", default);             // wanted

            var lines = new List<string>();
            try
            {
                while (await python.StandardOutput.ReadLineAsync(hang.Token) is { } line)
                {
                    lines.Add(line);
                }
                await python.WaitForExitAsync(hang.Token);
            }
            catch (OperationCanceledException)
            {
                python.Kill(entireProcessTree: true);
                throw new TimeoutException($"watch_alerts.py got {lines.Count} of 3 events within 60 s:\n{string.Join('\n', lines)}\n{await stderr}");
            }
            Assert.True(python.ExitCode == 0, $"exit {python.ExitCode} subscribed {subscribedAt:O}: {await stderr}\n{string.Join('\n', lines)}");

            var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(
                ["updated bp.hypertension ALERT_SEVERITY_URGENT gw-1", "raised glucose.low ALERT_SEVERITY_URGENT gw-1",
                 "acknowledged glucose.low ALERT_SEVERITY_URGENT nurse Chen"],
                events.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("rule").GetString()} {e.GetProperty("severity").GetString()} {e.GetProperty("actor").GetString()}"));
            Assert.All(events, e => Assert.Equal(("patient-1", "clinic-a"), (e.GetProperty("patient").GetString(), e.GetProperty("clinic").GetString())));
            Assert.Equal(2.7, events[1].GetProperty("value").GetDouble());
            var ids = events.Select(e => e.GetProperty("event_id").GetInt64()).ToList();
            Assert.Equal(ids.Order(), ids);
            Assert.True(ids[0] > resumeAfter);
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill(entireProcessTree: true);
            }
        }
    }
}
