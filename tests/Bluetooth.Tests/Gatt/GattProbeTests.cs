using TelemetryGateway.Bluetooth.Gatt;
using TelemetryGateway.Core;
using static TelemetryGateway.Bluetooth.Tests.Gatt.GattAssert;

namespace TelemetryGateway.Bluetooth.Tests.Gatt;

/// <summary><c>tg decode ble</c>: uuid and payload in, readings out.</summary>
public class GattProbeTests
{
    [Theory]
    [InlineData(0x2A35, "1e8a00580078000000041114293b3c00012700", 4)] // Nordic BPM full
    [InlineData(0x2A36, "00d7f000000000", 0)]                          // Nordic ICP minimal: validated, no readings
    [InlineData(0x2A18, "1b0100e307021b0b0a1efbff1e00120501", 1)]     // Nordic glucose
    [InlineData(0x2A9D, "025433ea070816082a24", 1)]                    // openScale A&D UC-352BLE
    [InlineData(0x2A1C, "06b00e00fedc070c050b321b04", 1)]              // Nordic thermometer
    [InlineData(0x2A5E, "0facf3bef5e8070b1d170839204022000066e3", 2)] // Spezi spot-check
    [InlineData(0x2A5F, "0064005a00", 2)]                              // Spezi continuous
    public void Decodes_every_measurement_characteristic(int uuid, string hex, int count)
    {
        var readings = GattProbe.Decode((ushort)uuid, Hex(hex), Device, Received);
        Assert.Equal(count, readings.Count);
        Assert.All(readings, r =>
        {
            Assert.Equal(Device, r.DeviceId);
            Assert.Equal(ReadingSource.Ble, r.Source);
            Assert.True(ReadingKinds.IsKnown(r.Kind));
            Assert.Equal(ReadingKinds.Get(r.Kind).Unit, r.Unit);
        });
    }

    [Theory]
    [InlineData(0x2A34)] // context: not a measurement
    [InlineData(0x2A52)] // RACP
    [InlineData(0x2A2B)] // current time
    [InlineData(0x2A37)] // heart rate measurement: not supported
    [InlineData(0x0000)]
    public void Other_characteristics_are_refused_with_the_supported_list(int uuid)
    {
        var ex = Assert.Throws<DeviceFormatException>(() => GattProbe.Decode((ushort)uuid, Hex("00"), Device, Received));
        Assert.Equal($"ble {uuid:X4}", ex.Format);
        Assert.Equal("characteristic", ex.Location);
        Assert.Contains("supported: 2A35, 2A36, 2A18, 2A9D, 2A1C, 2A5E, 2A5F", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_payload_names_the_byte_in_the_message()
    {
        var ex = Assert.Throws<DeviceFormatException>(() => GattProbe.Decode(0x2A35, Hex("03020304050607"), Device, Received));
        Assert.Equal("ble 2A35: byte 7: the 7-byte payload ends before the time stamp (flags bit 1), which takes 7 byte(s)", ex.Message);
    }
}
