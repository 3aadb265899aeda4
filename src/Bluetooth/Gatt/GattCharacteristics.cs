namespace TelemetryGateway.Bluetooth.Gatt;

/// <summary>16-bit UUIDs of the characteristics decoded here (Bluetooth SIG Assigned Numbers, GATT characteristic UUIDs).</summary>
public static class GattCharacteristics
{
    public const ushort GlucoseMeasurement = 0x2A18;
    public const ushort TemperatureMeasurement = 0x2A1C;
    public const ushort SystemId = 0x2A23;
    public const ushort ModelNumber = 0x2A24;
    public const ushort SerialNumber = 0x2A25;
    public const ushort FirmwareRevision = 0x2A26;
    public const ushort HardwareRevision = 0x2A27;
    public const ushort SoftwareRevision = 0x2A28;
    public const ushort ManufacturerName = 0x2A29;
    public const ushort CurrentTime = 0x2A2B;
    public const ushort GlucoseMeasurementContext = 0x2A34;
    public const ushort BloodPressureMeasurement = 0x2A35;
    public const ushort IntermediateCuffPressure = 0x2A36;
    public const ushort BloodPressureFeature = 0x2A49;
    public const ushort PnpId = 0x2A50;
    public const ushort GlucoseFeature = 0x2A51;
    public const ushort RecordAccessControlPoint = 0x2A52;
    public const ushort PlxSpotCheckMeasurement = 0x2A5E;
    public const ushort PlxContinuousMeasurement = 0x2A5F;
    public const ushort PlxFeatures = 0x2A60;
    public const ushort WeightMeasurement = 0x2A9D;

    /// <summary>The <c>DeviceFormatException.Format</c> of a characteristic: "ble 2A35".</summary>
    public static string FormatName(ushort uuid16) => $"ble {uuid16:X4}";
}
