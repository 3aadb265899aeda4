using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>One visit: discover the allowed devices, then connect and sync each in turn.</summary>
internal sealed partial class BleSource
{
    private async Task VisitAllAsync(BlueZCentral central, IReadingSink sink, CancellationToken ct)
    {
        var found = await DiscoverAsync(central, ct).ConfigureAwait(false);
        foreach (var device in options.Devices)
        {
            if (!found.TryGetValue(device.Address.ToUpperInvariant(), out var info))
            {
                BleSourceLog.NotFound(logger, device.Address);
                _metrics.Failed("not_found");
                continue;
            }

            try
            {
                await VisitAsync(central, info, device, sink, ct).ConfigureAwait(false);
            }
            catch (BleAdapterLostException)
            {
                throw; // nothing else can work on this adapter: reopen
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is BleLinkException or BufferFullException or BufferWriteException or Core.DeviceFormatException)
            {
                var reason = ex switch
                {
                    BleLinkException link => link.Reason,
                    Core.DeviceFormatException => "format",
                    _ => "buffer",
                };
                _metrics.Failed(reason);
                BleSourceLog.SyncFailed(logger, device.Address, reason, ex.Message);
            }
        }
    }

    /// <summary>Runs discovery until every allowed device is known or the timeout passes.</summary>
    private async Task<Dictionary<string, BleDeviceInfo>> DiscoverAsync(BlueZCentral central, CancellationToken ct)
    {
        var found = new Dictionary<string, BleDeviceInfo>(StringComparer.Ordinal);
        await central.SetDiscoveryFilterAsync(ServiceUuids, ct).ConfigureAwait(false);
        var discovering = false;
        try
        {
            await central.StartDiscoveryAsync(ct).ConfigureAwait(false);
            discovering = true;
        }
        catch (BleLinkException ex) when (ex.Reason == "gatt_failed")
        {
            // Another client may have discovery running (org.bluez.Error.InProgress): devices still appear.
        }

        try
        {
            var deadline = time.GetUtcNow() + options.DiscoveryTimeout;
            foreach (var device in options.Devices)
            {
                var left = deadline - time.GetUtcNow();
                try
                {
                    var info = await central.WaitForDeviceAsync(device.Address, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
                    found[device.Address.ToUpperInvariant()] = info;
                }
                catch (BleLinkException ex) when (ex.Reason == "not_found")
                {
                    // Out of range this time; the visit goes on with the others.
                }
            }

            CountStrangers(central);
        }
        finally
        {
            // BlueZ advises against connecting while discovering.
            if (discovering && central.LossReason is null)
            {
                try
                {
                    await central.StopDiscoveryAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (BleLinkException)
                {
                    // Stopped already or the adapter went away; the next call reports it.
                }
            }
        }

        return found;
    }

    /// <summary>Devices that answered the discovery but are not on the allow-list: never connected, logged and counted once each.</summary>
    private void CountStrangers(BlueZCentral central)
    {
        foreach (var device in central.Devices)
        {
            if (!_allowed.Contains(device.Address) && _metrics.Ignored(device.Address))
            {
                BleSourceLog.NotAllowed(logger, device.Address, device.Name ?? "");
            }
        }
    }

    private async Task VisitAsync(BlueZCentral central, BleDeviceInfo info, BleDeviceOptions device, IReadingSink sink, CancellationToken ct)
    {
        await using var peripheral = await central.ConnectAsync(info, options.ConnectTimeout, ct).ConfigureAwait(false);
        var profile = device.Profile ?? Detect(peripheral);
        SyncResult result;
        if (profile == "glucose")
        {
            var cursor = new BleCursorFile(dataDirectory, info.Address);
            var last = await cursor.LoadAsync(ct).ConfigureAwait(false);
            result = await new GlucoseSync(time, logger, _syncOptions)
                .RunAsync(peripheral, last, new BleSyncSink(sink, cursor, device.PatientId), ct).ConfigureAwait(false);
        }
        else if (profile == "bp")
        {
            result = await new BloodPressureSync(time, logger, _syncOptions)
                .RunAsync(peripheral, new BleSyncSink(sink, null, device.PatientId), ct).ConfigureAwait(false);
        }
        else
        {
            throw new BleLinkException("gatt_missing", $"BLE {info.Address} offers neither Glucose (RACP) nor Blood Pressure Measurement.");
        }

        if (result.ClockOffset is { } offset)
        {
            _metrics.ClockOffset(info.Address, offset);
        }

        if (result.ClockSet)
        {
            _metrics.ClockSet();
        }

        if (result.NumberingRestarted)
        {
            _metrics.NumberingRestarted(info.Address);
        }

        _metrics.FormatErrors(result.FormatErrors);
        _metrics.Synced(info.Address, result.Records, time.GetUtcNow());
        BleSourceLog.Synced(logger, info.Address, profile, result.Records, result.LastRecord);
    }

    private static string? Detect(BlePeripheral peripheral) =>
        peripheral.Has(GattCharacteristics.GlucoseMeasurement) && peripheral.Has(GattCharacteristics.RecordAccessControlPoint) ? "glucose"
        : peripheral.Has(GattCharacteristics.BloodPressureMeasurement) ? "bp"
        : null;
}
