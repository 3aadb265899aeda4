using System.Globalization;

namespace TelemetryGateway.Bluetooth.BlueZ;

/// <summary>Names of the org.bluez D-Bus API (BlueZ doc/org.bluez.Adapter.rst, Device.rst, GattService.rst, GattCharacteristic.rst).</summary>
public static class BlueZNames
{
    public const string Service = "org.bluez";
    public const string Adapter = "org.bluez.Adapter1";
    public const string Device = "org.bluez.Device1";
    public const string GattService = "org.bluez.GattService1";
    public const string GattCharacteristic = "org.bluez.GattCharacteristic1";

    /// <summary>The 128-bit form of a 16-bit SIG UUID as BlueZ spells it: "00002a18-0000-1000-8000-00805f9b34fb".</summary>
    public static string Uuid(ushort uuid16) => string.Create(CultureInfo.InvariantCulture, $"0000{uuid16:x4}-0000-1000-8000-00805f9b34fb");

    /// <summary>The 16-bit SIG UUID inside a Bluetooth base UUID, or null for another UUID.</summary>
    public static ushort? Uuid16(string uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return uuid.Length == 36
            && uuid.StartsWith("0000", StringComparison.Ordinal)
            && uuid.EndsWith("-0000-1000-8000-00805f9b34fb", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(uuid.AsSpan(4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var short16)
            ? short16
            : null;
    }

    /// <summary>BlueZ's object path of a device: /org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF.</summary>
    public static string DevicePath(string adapterPath, string address) =>
        $"{adapterPath}/dev_{address.ToUpperInvariant().Replace(':', '_')}";
}
