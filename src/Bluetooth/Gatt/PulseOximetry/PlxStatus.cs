using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.PulseOximetry;

/// <summary>PLX "Measurement Status" (uint16; PLXS v1.0.1, GSS "PLX Spot-Check Measurement"): bits 0–4 RFU.</summary>
public readonly record struct PlxMeasurementStatus(ushort Raw)
{
    public bool MeasurementOngoing => Bit(5);
    public bool EarlyEstimatedData => Bit(6);
    public bool ValidatedData => Bit(7);
    public bool FullyQualifiedData => Bit(8);
    public bool DataFromMeasurementStorage => Bit(9);
    public bool DataForDemonstration => Bit(10);
    public bool DataForTesting => Bit(11);
    public bool CalibrationOngoing => Bit(12);
    public bool MeasurementUnavailable => Bit(13);
    public bool QuestionableMeasurementDetected => Bit(14);
    public bool InvalidMeasurementDetected => Bit(15);

    /// <summary>Questionable or invalid → <see cref="ReadingFlags.QuestionableMeasurement"/>; demonstration or
    /// testing data → <see cref="ReadingFlags.DemonstrationData"/>. The other bits describe the
    /// measurement's progress and stay here.</summary>
    public ReadingFlags ToReadingFlags()
    {
        var flags = ReadingFlags.None;
        if (QuestionableMeasurementDetected || InvalidMeasurementDetected)
        {
            flags |= ReadingFlags.QuestionableMeasurement;
        }
        if (DataForDemonstration || DataForTesting)
        {
            flags |= ReadingFlags.DemonstrationData;
        }
        return flags;
    }

    private bool Bit(int bit) => (Raw & (1 << bit)) != 0;
}

/// <summary>PLX "Device and Sensor Status" (uint24; PLXS v1.0.1): bits 16–23 RFU.</summary>
public readonly record struct PlxDeviceAndSensorStatus(uint Raw)
{
    public bool ExtendedDisplayUpdateOngoing => Bit(0);
    public bool EquipmentMalfunctionDetected => Bit(1);
    public bool SignalProcessingIrregularityDetected => Bit(2);
    public bool InadequateSignalDetected => Bit(3);
    public bool PoorSignalDetected => Bit(4);
    public bool LowPerfusionDetected => Bit(5);
    public bool ErraticSignalDetected => Bit(6);
    public bool NonpulsatileSignalDetected => Bit(7);
    public bool QuestionablePulseDetected => Bit(8);
    public bool SignalAnalysisOngoing => Bit(9);
    public bool SensorInterferenceDetected => Bit(10);
    public bool SensorUnconnectedToUser => Bit(11);
    public bool UnknownSensorConnected => Bit(12);
    public bool SensorDisplaced => Bit(13);
    public bool SensorMalfunctioning => Bit(14);
    public bool SensorDisconnected => Bit(15);

    // Bits 2–8, 10–13, 15: the signal (or the sensor) the value came from cannot be trusted.
    private const uint SignalQualityBits = 0b1011_1101_1111_1100;

    /// <summary>Equipment malfunction → <see cref="ReadingFlags.GeneralDeviceFault"/>; sensor malfunctioning
    /// → <see cref="ReadingFlags.SensorMalfunction"/>; signal-quality bits → <see cref="ReadingFlags.QuestionableMeasurement"/>.</summary>
    public ReadingFlags ToReadingFlags()
    {
        var flags = ReadingFlags.None;
        if (EquipmentMalfunctionDetected)
        {
            flags |= ReadingFlags.GeneralDeviceFault;
        }
        if (SensorMalfunctioning)
        {
            flags |= ReadingFlags.SensorMalfunction;
        }
        if ((Raw & SignalQualityBits) != 0)
        {
            flags |= ReadingFlags.QuestionableMeasurement;
        }
        return flags;
    }

    private bool Bit(int bit) => (Raw & (1u << bit)) != 0;
}
