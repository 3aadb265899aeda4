using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Serial.Accutorr;
using TelemetryGateway.Serial.Port;
using TelemetryGateway.Serial.Sessions;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// One open port to a Datascope Accutorr: asks for its patient data every <see cref="SerialDeviceOptions.QueryInterval"/>
/// and hands each new NIBP result to the sink once (see <see cref="AccutorrState"/> for how "new" and "once" are kept).
/// </summary>
/// <remarks>Which poll shows a new result is <see cref="AccutorrResults.Next"/>'s rule, in src/Serial/Accutorr.</remarks>
internal sealed class AccutorrPoller(
    string path,
    SerialDeviceOptions options,
    string dataDirectory,
    IReadingSink sink,
    SerialSourceMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private readonly string _deviceId = string.IsNullOrWhiteSpace(options.DeviceId) ? $"accutorr-{Path.GetFileName(path)}" : options.DeviceId;

    /// <summary>Polls until the port fails (<see cref="SerialPortException"/>) or <paramref name="ct"/> ends.</summary>
    public async Task RunAsync(SerialPort port, CancellationToken ct)
    {
        var state = new AccutorrState(dataDirectory, _deviceId, path, metrics, logger);
        var last = await state.LoadAsync(ct).ConfigureAwait(false);
        if (last is not null)
        {
            // Replayed at every start: harmless duplicate if it was accepted, the only copy if the gateway died first.
            await SubmitAsync(last, ct).ConfigureAwait(false);
        }

        var session = new AccutorrSession(port, options.ReplyTimeout);
        while (true)
        {
            AccutorrPatientData? data;
            try
            {
                data = await session.ReadPatientDataAsync(ct).ConfigureAwait(false);
            }
            catch (DeviceFormatException ex)
            {
                metrics.Add(path, "gateway_serial_format_errors_total");
                SerialSourceLog.RecordMalformed(logger, path, ex.Message);
                data = null;
            }

            if (data is null)
            {
                metrics.Add(path, "gateway_serial_no_reply_total");
            }
            else
            {
                metrics.Add(path, "gateway_serial_polls_total");
                last = await TakeAsync(data, last, state, ct).ConfigureAwait(false);
            }

            await Task.Delay(options.QueryInterval, time, ct).ConfigureAwait(false);
        }
    }

    private async Task<AccutorrResult?> TakeAsync(AccutorrPatientData data, AccutorrResult? last, AccutorrState state, CancellationToken ct)
    {
        if (AccutorrResults.Next(data, last, time.GetUtcNow()) is not { } seen)
        {
            return last;
        }

        await state.SaveAsync(seen, ct).ConfigureAwait(false);
        metrics.Add(path, "gateway_serial_records_total");
        await SubmitAsync(seen, ct).ConfigureAwait(false);
        SerialSourceLog.BpMeasurement(logger, path, _deviceId, seen.Number, seen.Systolic ?? 0, seen.Diastolic ?? 0, seen.MeasuredAt);
        return seen;
    }

    private async Task SubmitAsync(AccutorrResult m, CancellationToken ct)
    {
        var readings = AccutorrReadings.ToReadings(m.ToPatientData(), _deviceId, m.Number, m.MeasuredAt, time.GetUtcNow(), options.Patient is { Length: > 0 } p ? p : null);
        var retry = new RetryPolicy(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), time);
        while (true)
        {
            try
            {
                var result = await sink.SubmitAsync(readings, ct).ConfigureAwait(false);
                metrics.Add(path, "gateway_serial_readings_accepted_total", result.AcceptedCount);
                return;
            }
            catch (Exception ex) when (ex is BufferFullException or BufferWriteException)
            {
                var delay = retry.NextDelay();
                SerialSourceLog.AcceptFailed(logger, path, ex.Message, delay.TotalMilliseconds);
                await retry.DelayAsync(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
