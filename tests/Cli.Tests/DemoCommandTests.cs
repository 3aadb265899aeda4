using TelemetryGateway.Cli.Tests.Infrastructure;

namespace TelemetryGateway.Cli.Tests;

/// <summary><c>tg demo --for SECONDS</c> as a new user runs it: the URLs, progress with alerts summed up, a
/// clean stop; not a log line per alert signal.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_prints_the_dashboard_url_and_progress_with_an_alert_summary_not_a_line_per_alert()
    {
        var data = Path.Combine(Path.GetTempPath(), "tg-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Port 0 everywhere: nothing else on the machine is disturbed, and the demo prints where it listens.
            var run = await TgRun.RunAsync(null, "demo", "--for", "12", "--data", data,
                "--Hub:GrpcUrl=http://127.0.0.1:0", "--Hub:HttpUrl=http://127.0.0.1:0", "--Gateway:HttpUrl=http://127.0.0.1:0");
            var output = run.Stdout + run.Stderr;
            Assert.True(run.ExitCode == 0, output);
            Assert.Contains("  dashboard        http://127.0.0.1:", run.Stdout, StringComparison.Ordinal);
            // The back-fill raises alerts (P-1002's blood pressure is uncontrolled): counted, not logged one by one.
            var progress = run.Stdout.Split('\n').Where(l => l.StartsWith("demo: ", StringComparison.Ordinal) && l.Contains(" accepted, ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(progress);
            Assert.Contains(progress, l => l.Contains(" open (", StringComparison.Ordinal) && l.Contains("warning", StringComparison.Ordinal));
            Assert.DoesNotContain("[1400]", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Alert glucose.high", output, StringComparison.Ordinal);
            Assert.Contains("demo: stopped.", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
