namespace TelemetryGateway.Core;

/// <summary>Status flags carried by a reading: what the device said about the measurement, and what HL7
/// abnormal flags a monitor attached.</summary>
/// <remarks>
/// The bit positions are our own and stable (stored and sent on the wire); they are not the device's
/// bits. Decoders map device bits to these:
/// <list type="bullet">
/// <item>Bluetooth GATT Specification Supplement, Blood Pressure Measurement characteristic (0x2A35),
/// "Measurement Status" field (used by BLS v1.0/v1.1): bit 0 body movement,
/// bit 1 cuff too loose, bit 2 irregular pulse, bits 3–4 pulse rate range (1 = above upper limit,
/// 2 = below lower limit), bit 5 improper measurement position.</item>
/// <item>GATT Specification Supplement, Glucose Measurement characteristic (0x2A18), "Sensor Status
/// Annunciation": bit 0 battery low … bit 11 time fault,
/// in the order of the members below; "Type-Sample Location" type 0xA = control solution.</item>
/// <item>HL7 v2 Table 0078 (Interpretation Codes) in OBX-8: L, H, LL, HH, A, AA, &lt;, &gt;.</item>
/// </list>
/// Backed by <see cref="long"/> to leave room for more device status bits without a wire change.
/// </remarks>
[Flags]
public enum ReadingFlags : long
{
    None = 0,

    // --- blood pressure (BLS Measurement Status, serial BP meters) ---
    /// <summary>Cuff movement/motion artefact reported by a meter that distinguishes it from body movement.</summary>
    CuffMovement = 1L << 0,
    /// <summary>BLS status bit 0: body movement during measurement.</summary>
    BodyMovement = 1L << 1,
    /// <summary>BLS status bit 1: cuff too loose.</summary>
    CuffFitLoose = 1L << 2,
    /// <summary>BLS status bit 2: irregular pulse detected.</summary>
    IrregularPulse = 1L << 3,
    /// <summary>BLS status bits 3–4 = 1: pulse rate exceeds the device's upper limit.</summary>
    PulseRateHigh = 1L << 4,
    /// <summary>BLS status bits 3–4 = 2: pulse rate below the device's lower limit.</summary>
    PulseRateLow = 1L << 5,
    /// <summary>BLS status bit 5: improper measurement position.</summary>
    ImproperPosition = 1L << 6,

    // --- glucose (GLS Type-Sample Location and Sensor Status Annunciation) ---
    /// <summary>The sample was control solution, not blood: a device check, never a patient value.</summary>
    ControlSolution = 1L << 7,
    /// <summary>GLS annunciation bit 0: device battery low at time of measurement.</summary>
    DeviceBatteryLow = 1L << 8,
    /// <summary>GLS annunciation bit 1: sensor malfunction or faulting at time of measurement.</summary>
    SensorMalfunction = 1L << 9,
    /// <summary>GLS annunciation bit 2: sample size for blood or control solution insufficient.</summary>
    SampleSizeInsufficient = 1L << 10,
    /// <summary>GLS annunciation bit 3: strip insertion error.</summary>
    StripInsertionError = 1L << 11,
    /// <summary>GLS annunciation bit 4: strip type incorrect for device.</summary>
    StripTypeIncorrect = 1L << 12,
    /// <summary>GLS annunciation bit 5: sensor result higher than the device can process ("HI").</summary>
    ResultAboveDeviceRange = 1L << 13,
    /// <summary>GLS annunciation bit 6: sensor result lower than the device can process ("LO").</summary>
    ResultBelowDeviceRange = 1L << 14,
    /// <summary>GLS annunciation bit 7: sensor temperature too high for a valid test.</summary>
    SensorTemperatureHigh = 1L << 15,
    /// <summary>GLS annunciation bit 8: sensor temperature too low for a valid test.</summary>
    SensorTemperatureLow = 1L << 16,
    /// <summary>GLS annunciation bit 9: sensor read interrupted because the strip was pulled too soon.</summary>
    SensorReadInterrupted = 1L << 17,
    /// <summary>GLS annunciation bit 10: general device fault.</summary>
    GeneralDeviceFault = 1L << 18,
    /// <summary>GLS annunciation bit 11: time fault has occurred in the sensor; the time may be inaccurate.</summary>
    DeviceTimeFault = 1L << 19,

    // --- any device ---
    /// <summary>The device says the value lies outside its measuring range without saying on which side.</summary>
    MeasurementOutOfRange = 1L << 20,
    /// <summary>MeasuredAt is the raw device clock: its skew against the gateway clock is unknown.</summary>
    DeviceClockUncorrected = 1L << 21,

    // --- HL7 v2 Table 0078 abnormal flags (monitors) ---
    /// <summary>HL7 "L": below low normal.</summary>
    Low = 1L << 22,
    /// <summary>HL7 "H": above high normal.</summary>
    High = 1L << 23,
    /// <summary>HL7 "LL": below lower panic limit.</summary>
    CriticalLow = 1L << 24,
    /// <summary>HL7 "HH": above upper panic limit.</summary>
    CriticalHigh = 1L << 25,
    /// <summary>HL7 "A": abnormal (for non-numeric results).</summary>
    Abnormal = 1L << 26,
    /// <summary>HL7 "AA": very abnormal.</summary>
    CriticalAbnormal = 1L << 27,
    /// <summary>HL7 "&lt;": below absolute low-off instrument scale.</summary>
    BelowDetectionLimit = 1L << 28,
    /// <summary>HL7 "&gt;": above absolute high-off instrument scale.</summary>
    AboveDetectionLimit = 1L << 29,

    // --- pulse oximetry (BLE PLX Spot-Check/Continuous Measurement status fields) ---
    /// <summary>PLX Measurement Status bit 14 (questionable) or 15 (invalid measurement detected), or a PLX
    /// Device and Sensor Status bit saying the signal cannot be trusted (inadequate, poor, erratic or
    /// non-pulsatile signal, low perfusion, questionable pulse, interference, unknown sensor, sensor displaced/unconnected/disconnected).</summary>
    QuestionableMeasurement = 1L << 30,
    /// <summary>PLX Measurement Status bit 10 or 11: data for demonstration or for testing, not from a patient.</summary>
    DemonstrationData = 1L << 31,

    // --- glucose meal context (serial meters' result markers; BLE Glucose Measurement Context, meal field) ---
    /// <summary>Measured before a meal (Contour marker "B"): judged against the pre-meal target.</summary>
    BeforeMeal = 1L << 32,
    /// <summary>Measured after a meal (Contour marker "A"): judged against the post-meal target.</summary>
    AfterMeal = 1L << 33,
    /// <summary>Measured fasting (Contour marker "F").</summary>
    Fasting = 1L << 34,
}
