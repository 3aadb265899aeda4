using System.Text;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Serial.Port;
using TelemetryGateway.Serial.Sessions;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// Meters on one serial port, or on every port matching a glob: waits for the device node, opens it, receives
/// ASTM transfers (or polls an Accutorr), and when the device goes away (unplugged) waits for it to come back.
/// Never finishes on its own.
/// </summary>
internal sealed class SerialMeterSource(
    SerialDeviceOptions options,
    SerialPortSettings settings,
    TimeZoneInfo meterZone,
    string dataDirectory,
    SerialSourceMetrics metrics,
    TimeProvider time,
    ILogger logger) : IGatewaySource
{
    public string Name => $"serial:{options.Path}";

    public SerialSourceMetrics Metrics => metrics;

    public void AppendMetrics(StringBuilder text) => metrics.Append(text);

    public Task RunAsync(IReadingSink sink, CancellationToken ct) =>
        IsGlob(options.Path) ? WatchGlobAsync(sink, ct) : RunDeviceAsync(options.Path, sink, stopWhenGone: false, ct);

    private static bool IsGlob(string path) => System.IO.Path.GetFileName(path).AsSpan().IndexOfAny('*', '?') >= 0;

    // Every match of the glob gets its own device loop; a loop ends when its node vanishes.
    private async Task WatchGlobAsync(IReadingSink sink, CancellationToken ct)
    {
        var directory = System.IO.Path.GetDirectoryName(options.Path) ?? "/dev";
        var pattern = System.IO.Path.GetFileName(options.Path);
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
            {
                running.Remove(done);
            }

            var matches = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern) : [];
            foreach (var path in matches)
            {
                if (!running.ContainsKey(path))
                {
                    running[path] = RunDeviceAsync(path, sink, stopWhenGone: true, ct);
                }
            }

            try
            {
                await Task.Delay(options.PollInterval, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Task.WhenAll(running.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task RunDeviceAsync(string path, IReadingSink sink, bool stopWhenGone, CancellationToken ct)
    {
        var retry = new RetryPolicy(options.PollInterval, TimeSpan.FromSeconds(30), time);
        long? unpluggedAt = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!File.Exists(path))
            {
                if (stopWhenGone)
                {
                    return;
                }

                await Task.Delay(options.PollInterval, time, ct).ConfigureAwait(false);
                continue;
            }

            SerialPort port;
            try
            {
                port = SerialPort.Open(path, settings);
            }
            catch (SerialPortException ex)
            {
                metrics.Add(path, ex.IsBusy ? "gateway_serial_busy_total" : "gateway_serial_open_failures_total");
                var delay = ex.IsUnplugged ? options.PollInterval : retry.NextDelay();
                if (ex.IsBusy)
                {
                    SerialSourceLog.Busy(logger, path, ex.Message, delay.TotalMilliseconds);
                }
                else
                {
                    SerialSourceLog.OpenFailed(logger, path, ex.Message, delay.TotalMilliseconds);
                }

                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                continue;
            }

            retry.Reset();
            if (unpluggedAt is { } since)
            {
                SerialSourceLog.Returned(logger, path, time.GetElapsedTime(since).TotalSeconds);
                unpluggedAt = null;
            }

            using (port)
            {
                SerialSourceLog.Opened(logger, path, settings.ToString(), options.Protocol);
                var handler = new AstmTransferHandler(path, options, dataDirectory, meterZone, sink, metrics, time, logger);
                try
                {
                    if (options.Protocol == "accutorr")
                    {
                        await new AccutorrPoller(path, options, dataDirectory, sink, metrics, time, logger).RunAsync(port, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await new AstmLinkSession(port, time, options.ReceiverTimeout).RunAsync(handler.OnEventAsync, ct).ConfigureAwait(false);
                    }
                }
                catch (SerialPortException ex)
                {
                    if (ex.IsUnplugged)
                    {
                        metrics.Add(path, "gateway_serial_unplugs_total");
                        SerialSourceLog.Unplugged(logger, path, ex.Message);
                        unpluggedAt = time.GetTimestamp();
                    }
                    else
                    {
                        var delay = retry.NextDelay();
                        SerialSourceLog.OpenFailed(logger, path, ex.Message, delay.TotalMilliseconds);
                        await Task.Delay(delay, time, ct).ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (!ct.IsCancellationRequested)
                    {
                        await handler.FlushAsync(ct).ConfigureAwait(false);
                    }
                }
            }

            // Let the node disappear before looking for it again (a pty link is removed just after the hangup).
            await Task.Delay(options.PollInterval, time, ct).ConfigureAwait(false);
        }
    }
}
