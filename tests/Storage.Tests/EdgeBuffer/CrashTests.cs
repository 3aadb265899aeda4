using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Storage.Tests.EdgeBuffer;

/// <summary>
/// Runs tests/Storage.CrashWriter against one file, SIGKILLs it at a random moment while it appends,
/// ten times over, then checks that every sequence it printed as committed is in the file exactly once
/// and that the file opens cleanly.
/// </summary>
public sealed partial class CrashTests : IDisposable
{
    private const int Runs = 10;
    private readonly BufferFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Every_item_reported_committed_survives_repeated_SIGKILL()
    {
        var random = new Random(20250301);
        var committed = new Dictionary<long, string>();
        var highestBefore = 0L;
        for (var run = 0; run < Runs; run++)
        {
            var lines = await RunAndKillAsync($"run{run}", TimeSpan.FromMilliseconds(random.Next(20, 400)));
            Assert.NotEmpty(lines);
            foreach (var (sequence, key) in lines)
            {
                Assert.True(sequence > highestBefore, $"run {run}: sequence {sequence} not above earlier runs' {highestBefore}");
                Assert.True(committed.TryAdd(sequence, key), $"sequence {sequence} reported twice");
            }

            highestBefore = lines.Max(l => l.Sequence);
        }

        Assert.Equal("ok", IntegrityCheck());
        await using var buffer = await _fixture.OpenAsync();
        var items = await buffer.ReadBatchAsync(0, null, int.MaxValue, long.MaxValue).WaitAsync(BufferFixture.Timeout);
        var stored = items.ToDictionary(i => i.Sequence, i => i.DedupKey);
        Assert.Equal(items.Count, items.Select(i => i.DedupKey).Distinct().Count());
        foreach (var (sequence, key) in committed)
        {
            Assert.True(stored.TryGetValue(sequence, out var storedKey), $"committed sequence {sequence} ({key}) lost");
            Assert.Equal(key, storedKey);
        }

        var stats = await buffer.GetStatsAsync();
        Assert.Equal(items.Count, stats.Count);
        Assert.Equal(items.Sum(i => i.Size), stats.Bytes);
    }

    private async Task<List<(long Sequence, string Key)>> RunAndKillAsync(string tag, TimeSpan killAfterFirstCommit)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { CrashWriterPath(), "crash", _fixture.Path, tag })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var lines = new List<(long, string)>();
            var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    // A line cut short by the kill lacks its terminating " ." and is not counted.
                    if (CommittedLine().Match(line) is { Success: true } match)
                    {
                        lines.Add((long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value));
                        firstCommit.TrySetResult();
                    }
                }
            });

            var started = await Task.WhenAny(firstCommit.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            if (started != firstCommit.Task)
            {
                Assert.Fail($"CrashWriter exited with {process.ExitCode} before committing: {await stderr}");
            }

            await Task.Delay(killAfterFirstCommit);
            process.Kill(entireProcessTree: false); // SIGKILL on Unix
            await process.WaitForExitAsync().WaitAsync(BufferFixture.Timeout);
            await reading.WaitAsync(BufferFixture.Timeout);
            return lines;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }
        }
    }

    private string IntegrityCheck()
    {
        using var connection = new SqliteConnection($"Data Source={_fixture.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static string CrashWriterPath()
    {
        var path = typeof(CrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashWriterPath").Value!;
        Assert.True(File.Exists(path), $"CrashWriter not built at {path}");
        return path;
    }

    [GeneratedRegex(@"^(\d+) (\S+) \.$")]
    private static partial Regex CommittedLine();
}
