namespace TelemetryGateway.Gateway.Sources.Ble;

/// <summary>Settings of the gateway's BLE sources (section Gateway:Ble). Nothing configured: no BLE source.</summary>
/// <remarks>
/// One BLE source runs per gateway when <see cref="Devices"/> is not empty: it visits the allowed devices
/// every <see cref="VisitInterval"/> (discovery, connect, sync, disconnect). Devices not listed are never
/// connected to: the list is the allow-list.
/// </remarks>
public sealed class BleSourceOptions
{
    /// <summary>D-Bus address of the bus bluetoothd is on; empty means the system bus.</summary>
    public string? BusAddress { get; set; }

    /// <summary>BlueZ adapter name.</summary>
    public string Adapter { get; set; } = "hci0";

    /// <summary>The allowed devices (allow-list), each with an optional patient.</summary>
    public List<BleDeviceOptions> Devices { get; set; } = [];

    /// <summary>Pause between two visits of all devices.</summary>
    public TimeSpan VisitInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long discovery looks for the allowed devices on each visit.</summary>
    public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect plus service discovery.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest silence inside one RACP transfer.</summary>
    public TimeSpan RecordTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A cuff quiet this long after indications were enabled has nothing more stored.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Set a device's clock (where writable) when it is off by more than this.</summary>
    public TimeSpan ClockSetThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="GatewayConfigurationException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Devices.Count == 0)
        {
            return;
        }

        Require(!string.IsNullOrWhiteSpace(Adapter), "Gateway:Ble:Adapter must not be empty.");
        Require(VisitInterval > TimeSpan.Zero, "Gateway:Ble:VisitInterval must be positive.");
        Require(DiscoveryTimeout > TimeSpan.Zero, "Gateway:Ble:DiscoveryTimeout must be positive.");
        Require(ConnectTimeout > TimeSpan.Zero, "Gateway:Ble:ConnectTimeout must be positive.");
        Require(RecordTimeout > TimeSpan.Zero, "Gateway:Ble:RecordTimeout must be positive.");
        Require(QuietPeriod > TimeSpan.Zero, "Gateway:Ble:QuietPeriod must be positive.");
        for (var i = 0; i < Devices.Count; i++)
        {
            var device = Devices[i];
            Require(BleDeviceOptions.IsAddress(device.Address), $"Gateway:Ble:Devices:{i}:Address '{device.Address}' is not a BLE address (AA:BB:CC:DD:EE:FF).");
            Require(device.Profile is null or "glucose" or "bp", $"Gateway:Ble:Devices:{i}:Profile must be 'glucose', 'bp' or unset (detected from the services).");
        }

        Require(Devices.Select(d => d.Address.ToUpperInvariant()).Distinct().Count() == Devices.Count, "Gateway:Ble:Devices lists an address twice.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new GatewayConfigurationException(message);
        }
    }
}

/// <summary>One allowed BLE device.</summary>
public sealed class BleDeviceOptions
{
    /// <summary>The device's address, e.g. C0:26:DA:00:00:01 (also its device id on readings).</summary>
    public string Address { get; set; } = "";

    /// <summary>"glucose" (RACP record sync) or "bp" (stored measurements on connect); unset: detected from the GATT services.</summary>
    public string? Profile { get; set; }

    /// <summary>The patient whose device this is. Set here it wins over the hub's bindings; unset, the hub's bindings apply.</summary>
    public string? PatientId { get; set; }

    internal static bool IsAddress(string? address) =>
        address is { Length: 17 } && address.Split(':') is { Length: 6 } parts && parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit));
}
