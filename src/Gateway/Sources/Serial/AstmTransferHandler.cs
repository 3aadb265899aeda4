using Microsoft.Extensions.Logging;
using TelemetryGateway.Core;
using TelemetryGateway.Serial.Astm.Link;
using TelemetryGateway.Serial.Meters.Contour;

namespace TelemetryGateway.Gateway.Sources.Serial;

/// <summary>
/// Turns the link events of one open port into readings for the sink: counts frames and errors, decodes
/// records (a malformed one is counted, logged and skipped, never fatal), keeps one <see cref="MeterSync"/>
/// per meter serial number, and hands readings over at the end of each transfer, cut or complete.
/// </summary>
internal sealed class AstmTransferHandler(
    string device,
    SerialDeviceOptions options,
    string dataDirectory,
    TimeZoneInfo meterZone,
    IReadingSink sink,
    SerialSourceMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private readonly ContourMessageDecoder _decoder = new();
    private MeterSync? _sync;

    public async ValueTask OnEventAsync(AstmLinkEvent e, CancellationToken ct)
    {
        switch (e.Kind)
        {
            case AstmLinkEventKind.TransferStarted:
                metrics.Add(device, "gateway_serial_transfers_total");
                _decoder.Reset();
                _sync = null;
                break;
            case AstmLinkEventKind.FrameAccepted:
                metrics.Add(device, "gateway_serial_frames_total");
                break;
            case AstmLinkEventKind.FrameRepeated:
                metrics.Add(device, "gateway_serial_retransmissions_total");
                break;
            case AstmLinkEventKind.FrameRejected:
                metrics.Add(device, "gateway_serial_frames_rejected_total");
                metrics.Add(device, "gateway_serial_retransmissions_total");
                if (e.Text?.Contains("checksum", StringComparison.Ordinal) == true)
                {
                    metrics.Add(device, "gateway_serial_checksum_errors_total");
                }

                SerialSourceLog.FrameRejected(logger, device, e.Text ?? "");
                break;
            case AstmLinkEventKind.Record:
                await RecordAsync(e.Text!, ct).ConfigureAwait(false);
                break;
            case AstmLinkEventKind.TransferEnded:
                await EndAsync(_decoder.Complete ? "complete" : "ended early", ct).ConfigureAwait(false);
                break;
            case AstmLinkEventKind.TransferAborted:
                SerialSourceLog.TransferAborted(logger, device, e.Text ?? "");
                await EndAsync("aborted", ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Hands over whatever was received before the port went away.</summary>
    public Task FlushAsync(CancellationToken ct) => _sync?.FlushAsync(ct) ?? Task.CompletedTask;

    private async Task RecordAsync(string text, CancellationToken ct)
    {
        IReadOnlyList<ContourResult> results;
        try
        {
            results = _decoder.Accept(text);
            if (text.StartsWith('H') && _decoder.Meter is { } meter)
            {
                _sync = new MeterSync(device, meter.SerialNumber, new SyncedRecordSet(dataDirectory, meter.SerialNumber), sink, metrics, time, logger, options.BatchSize);
                await _sync.LoadAsync(ct).ConfigureAwait(false);
                SerialSourceLog.MeterIdentified(logger, device, meter.Model, meter.SerialNumber, meter.StoredResults?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?", _sync.Known);
            }
        }
        catch (DeviceFormatException ex)
        {
            Malformed(ex);
            return;
        }

        if (_sync is null)
        {
            return;
        }

        // A record can let go several results (a minute held to number it oldest first): each on its own.
        foreach (var result in results)
        {
            try
            {
                metrics.Add(device, "gateway_serial_records_total");
                var reading = ContourReadings.ToReading(result, _decoder.Meter!, meterZone, time.GetUtcNow());
                if (options.Patient is { Length: > 0 } patient)
                {
                    reading = reading with { PatientId = patient };
                }

                await _sync.AddAsync(reading, ct).ConfigureAwait(false);
            }
            catch (DeviceFormatException ex)
            {
                Malformed(ex);
            }
        }
    }

    private void Malformed(DeviceFormatException ex)
    {
        metrics.Add(device, "gateway_serial_format_errors_total");
        SerialSourceLog.RecordMalformed(logger, device, ex.Message);
    }

    private async Task EndAsync(string outcome, CancellationToken ct)
    {
        if (_sync is null)
        {
            if (outcome != "complete")
            {
                metrics.Add(device, "gateway_serial_transfers_aborted_total");
            }

            return;
        }

        if (outcome == "complete")
        {
            await _sync.CompleteAsync(ct).ConfigureAwait(false);
            metrics.Add(device, "gateway_serial_transfers_completed_total");
        }
        else
        {
            await _sync.FlushAsync(ct).ConfigureAwait(false);
            metrics.Add(device, "gateway_serial_transfers_aborted_total");
        }

        var (added, skipped, control) = _sync.TakeTransferCounts();
        SerialSourceLog.TransferFinished(logger, device, outcome, added, skipped, control, _sync.Known);
    }
}
