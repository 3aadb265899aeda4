using Microsoft.Extensions.Logging;
using TelemetryGateway.Bluetooth.BlueZ;
using TelemetryGateway.Bluetooth.DBus.Connection;
using TelemetryGateway.Bluetooth.DBus.Wire;
using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Sync;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Storage.EdgeBuffer;

namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>
/// The gateway's BLE source: over BlueZ on D-Bus, visits every allowed device each
/// <see cref="BleSourceOptions.VisitInterval"/>: discovery (LE, glucose and BP services), connect, sync
/// (glucose: RACP from the device's persisted cursor; BP: stored measurements), disconnect. Bluetooth being
/// unavailable (no bus, no bluetoothd, adapter gone) is retried with backoff; one device failing does not
/// stop the others.
/// </summary>
internal sealed partial class BleSource(BleSourceOptions options, string dataDirectory, TimeProvider time, ILogger logger) : IGatewaySource
{
    private static readonly ushort[] ServiceUuids = [0x1808, 0x1810]; // Glucose, Blood Pressure

    private readonly BleSourceMetrics _metrics = new();
    private readonly HashSet<string> _allowed = new(options.Devices.Select(d => d.Address), StringComparer.OrdinalIgnoreCase);
    private readonly SyncOptions _syncOptions = new()
    {
        RecordTimeout = options.RecordTimeout,
        QuietPeriod = options.QuietPeriod,
        ClockSetThreshold = options.ClockSetThreshold,
    };

    public string Name => $"ble:{options.Adapter}";

    internal BleSourceMetrics Metrics => _metrics;

    private string BusAddress => string.IsNullOrWhiteSpace(options.BusAddress) ? DBusAddress.System : options.BusAddress;

    public void AppendMetrics(System.Text.StringBuilder text) => _metrics.AppendTo(text);

    public async Task RunAsync(IReadingSink sink, CancellationToken ct)
    {
        BleSourceLog.Starting(logger, BusAddress, options.Adapter, options.Devices.Count, options.VisitInterval.TotalSeconds);
        var retry = new RetryPolicy(TimeSpan.FromSeconds(1), options.VisitInterval > TimeSpan.FromSeconds(1) ? options.VisitInterval : TimeSpan.FromSeconds(1), time);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await using var bus = await DBusConnection.ConnectAsync(BusAddress, logger: logger, ct: ct).ConfigureAwait(false);
                await using var central = await BlueZCentral.OpenAsync(bus, options.Adapter, time, logger, ct).ConfigureAwait(false);
                retry.Reset();
                while (true)
                {
                    await VisitAllAsync(central, sink, ct).ConfigureAwait(false);
                    central.ThrowIfLost();
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, central.Lost, bus.Closed);
                    try
                    {
                        await Task.Delay(options.VisitInterval, time, wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        central.ThrowIfLost();
                        throw new BleAdapterLostException("bus_lost", "D-Bus connection closed.");
                    }
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is BleLinkException or DBusConnectionClosedException or DBusErrorException or DBusProtocolException)
            {
                var reason = ex is BleLinkException link ? link.Reason : "bus_unavailable";
                _metrics.Failed(reason);
                var delay = retry.NextDelay();
                BleSourceLog.Unavailable(logger, reason, ex.Message, delay.TotalMilliseconds);
                await retry.DelayAsync(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
