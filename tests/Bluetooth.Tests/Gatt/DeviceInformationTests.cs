using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Bluetooth.Gatt.DeviceInformation;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary>Device Information Service strings, PnP ID and System ID (DIS v1.1).</summary>
public class DeviceInformationTests
{
    [Theory]
    [InlineData(GattCharacteristics.ManufacturerName, "4e6f7264696320536563", "Nordic Sec")]
    [InlineData(GattCharacteristics.ModelNumber, "55412d363531424c450000000000", "UA-651BLE")] // NUL-padded buffer
    [InlineData(GattCharacteristics.SerialNumber, "3531323334", "51234")]
    [InlineData(GattCharacteristics.FirmwareRevision, "312e302e3300", "1.0.3")]
    [InlineData(GattCharacteristics.HardwareRevision, "", "")]
    [InlineData(GattCharacteristics.SoftwareRevision, "76c3a92d3200", "vé-2")] // two-byte UTF-8
    public void Strings_are_utf8_with_trailing_nuls_trimmed(ushort uuid, string hex, string expected) =>
        Assert.Equal(expected, DeviceInformation.DecodeString(uuid, Hex(hex)));

    [Theory]
    [InlineData("41ff42", 1)] // 0xFF never occurs in UTF-8
    [InlineData("4142c3", 2)] // a lead byte with its continuation missing
    [InlineData("41c328", 1)] // a lead byte followed by a non-continuation byte
    public void Invalid_utf8_names_the_first_bad_byte(string hex, int at) =>
        Rejects(hex, at, b => DeviceInformation.DecodeString(GattCharacteristics.SerialNumber, b), "UTF-8");

    [Fact]
    public void Only_trailing_nuls_are_padding() =>
        // NUL is valid UTF-8: an inner one stays in the string.
        Assert.Equal("A\0B", DeviceInformation.DecodeString(GattCharacteristics.SerialNumber, Hex("41004200")));

    [Fact]
    public void Only_string_characteristics_are_decoded_as_strings()
    {
        var ex = Assert.Throws<DeviceFormatException>(() => DeviceInformation.DecodeString(GattCharacteristics.BloodPressureMeasurement, Hex("41")));
        Assert.Equal("characteristic", ex.Location);
    }

    [Fact]
    public void Pnp_id_and_system_id()
    {
        // Vendor id source 1 (Bluetooth SIG), vendor 0x0059 (Nordic Semiconductor), product 0x0001, version 0x0100.
        Assert.Equal(new PnpId(1, 0x0059, 0x0001, 0x0100), DeviceInformation.DecodePnpId(Hex("01 5900 0100 0001")));
        Rejects("01 5900 0100 00", 5, b => DeviceInformation.DecodePnpId(b), "product version");

        // 40-bit manufacturer identifier 0x0504030201, OUI 0x080706, both little-endian.
        Assert.Equal(new SystemId(0x05_0403_0201, 0x08_0706), DeviceInformation.DecodeSystemId(Hex("0102030405 060708")));
        Rejects("0102030405 0607", 5, b => DeviceInformation.DecodeSystemId(b), "organizationally unique identifier");
    }
}
