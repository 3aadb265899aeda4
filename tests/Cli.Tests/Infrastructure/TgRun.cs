using System.Diagnostics;
using System.Text.Json;

namespace TelemetryGateway.Cli.Tests.Infrastructure;

/// <summary>One finished run of <c>tg</c>: exit code and both output streams.</summary>
public sealed record TgResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The readings array of the one JSON object <c>tg decode</c> prints.</summary>
    public JsonElement[] Readings()
    {
        using var document = JsonDocument.Parse(Stdout);
        Assert.Equal(["readings"], document.RootElement.EnumerateObject().Select(p => p.Name));
        return [.. document.RootElement.GetProperty("readings").EnumerateArray().Select(r => r.Clone())];
    }
}

/// <summary>Runs the built <c>tg.dll</c> as a separate process with optional bytes on stdin.</summary>
public static class TgRun
{
    private static readonly string TgPath = Path.Combine(AppContext.BaseDirectory, "tg.dll");

    public static async Task<TgResult> RunAsync(byte[]? stdin, params string[] args)
    {
        Assert.True(File.Exists(TgPath), $"tg.dll is not beside the tests ({TgPath}); the Cli project reference should copy it.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TgPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, timeout.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tg {string.Join(' ', args)} did not finish within 60 s");
        }

        return new TgResult(process.ExitCode, await stdout, await stderr);
    }
}
