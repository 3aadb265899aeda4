using System.Buffers;
using System.Text.Unicode;
using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.DeviceInformation;

/// <summary>PnP ID, 0x2A50 (DIS v1.1; GSS §3.170): who made the device and which product and version it is.</summary>
/// <param name="VendorIdSource">1 = Bluetooth SIG company identifier, 2 = USB Implementer's Forum vendor id.</param>
public readonly record struct PnpId(byte VendorIdSource, ushort VendorId, ushort ProductId, ushort ProductVersion);

/// <summary>System ID, 0x2A23 (DIS v1.1): a 40-bit manufacturer-defined identifier and a 24-bit IEEE OUI.</summary>
public readonly record struct SystemId(ulong ManufacturerIdentifier, uint OrganizationallyUniqueIdentifier);

/// <summary>The Device Information Service (DIS v1.1) characteristics: UTF-8 strings, PnP ID and System ID.</summary>
public static class DeviceInformation
{
    /// <summary>The string characteristics: manufacturer, model, serial, hardware, firmware, software.</summary>
    public static bool IsString(ushort uuid16) => uuid16 is GattCharacteristics.ManufacturerName or GattCharacteristics.ModelNumber
        or GattCharacteristics.SerialNumber or GattCharacteristics.HardwareRevision or GattCharacteristics.FirmwareRevision
        or GattCharacteristics.SoftwareRevision;

    /// <summary>Decodes a DIS string (GSS "utf8s"). Trailing NUL octets are trimmed: many devices send a
    /// fixed-size, NUL-padded buffer. Anything else must be valid UTF-8.</summary>
    /// <exception cref="DeviceFormatException">Not a string characteristic, or invalid UTF-8 (names the first bad byte).</exception>
    public static string DecodeString(ushort uuid16, ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, uuid16);
        if (!IsString(uuid16))
        {
            throw new DeviceFormatException(GattCharacteristics.FormatName(uuid16), "characteristic", "not a Device Information string");
        }
        var text = payload.TrimEnd((byte)0);
        var chars = new char[text.Length];
        var status = Utf8.ToUtf16(text, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw reader.Fail(read, "not valid UTF-8");
        }
        return new string(chars, 0, written);
    }

    /// <exception cref="DeviceFormatException">Fewer than 7 bytes (names the byte).</exception>
    public static PnpId DecodePnpId(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.PnpId);
        return new PnpId(reader.U8("vendor id source"), reader.U16("vendor id"), reader.U16("product id"), reader.U16("product version"));
    }

    /// <exception cref="DeviceFormatException">Fewer than 8 bytes (names the byte).</exception>
    public static SystemId DecodeSystemId(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.SystemId);
        var low = reader.U32("manufacturer identifier");
        var high = reader.U8("manufacturer identifier");
        var oui = reader.U24("organizationally unique identifier");
        return new SystemId(low | ((ulong)high << 32), oui);
    }
}
