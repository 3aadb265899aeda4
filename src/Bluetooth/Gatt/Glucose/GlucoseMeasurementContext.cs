using TelemetryGateway.Bluetooth.Gatt.Encoding;
using TelemetryGateway.Core;

namespace TelemetryGateway.Bluetooth.Gatt.Glucose;

/// <summary>Glucose Measurement Context, 0x2A34 (GSS, Glucose Measurement Context; GLS v1.0.1): what surrounded the
/// measurement with the same <see cref="SequenceNumber"/>.</summary>
/// <param name="ExtendedFlags">Flags bit 7; all bits RFU in GLS v1.0.1, kept raw.</param>
/// <param name="Carbohydrate">Flags bit 0; SFLOAT in kilograms.</param>
/// <param name="Meal">Flags bit 1.</param>
/// <param name="Tester">Flags bit 2: low nibble of Tester-Health.</param>
/// <param name="Health">Flags bit 2: high nibble of Tester-Health.</param>
/// <param name="ExerciseDurationSeconds">Flags bit 3; 65535 = overrun.</param>
/// <param name="ExerciseIntensityPercent">Flags bit 3.</param>
/// <param name="Medication">Flags bit 4; SFLOAT in <paramref name="MedicationUnit"/>.</param>
/// <param name="MedicationUnit">Flags bit 5.</param>
/// <param name="HbA1cPercent">Flags bit 6; SFLOAT in percent.</param>
public sealed record GlucoseMeasurementContext(
    ushort SequenceNumber,
    byte? ExtendedFlags,
    CarbohydrateId? CarbohydrateId,
    MedicalFloat? Carbohydrate,
    Meal? Meal,
    GlucoseTester? Tester,
    GlucoseHealth? Health,
    ushort? ExerciseDurationSeconds,
    byte? ExerciseIntensityPercent,
    MedicationId? MedicationId,
    MedicalFloat? Medication,
    MedicationUnit MedicationUnit,
    MedicalFloat? HbA1cPercent)
{
    // Flags (GSS, Glucose Measurement Context): bit 0 carbohydrate id + carbohydrate, 1 meal, 2 tester-health,
    // 3 exercise duration + intensity, 4 medication id + medication, 5 medication unit (litres),
    // 6 HbA1c, 7 extended flags present. Field order follows the bit order, the extended flags first.
    private const byte FlagCarbohydrate = 0x01;
    private const byte FlagMeal = 0x02;
    private const byte FlagTesterHealth = 0x04;
    private const byte FlagExercise = 0x08;
    private const byte FlagMedication = 0x10;
    private const byte FlagMedicationLitres = 0x20;
    private const byte FlagHbA1c = 0x40;
    private const byte FlagExtended = 0x80;

    /// <exception cref="DeviceFormatException">Truncated payload (names the byte).</exception>
    public static GlucoseMeasurementContext Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new GattReader(payload, GattCharacteristics.GlucoseMeasurementContext);
        var flags = reader.U8("flags");
        var sequence = reader.U16("sequence number");
        byte? extended = (flags & FlagExtended) != 0 ? reader.U8("extended flags (flags bit 7)") : null;

        CarbohydrateId? carbohydrateId = null;
        MedicalFloat? carbohydrate = null;
        if ((flags & FlagCarbohydrate) != 0)
        {
            carbohydrateId = (CarbohydrateId)reader.U8("carbohydrate id (flags bit 0)");
            carbohydrate = reader.SFloat("carbohydrate SFLOAT (flags bit 0)");
        }
        Meal? meal = (flags & FlagMeal) != 0 ? (Meal)reader.U8("meal (flags bit 1)") : null;

        GlucoseTester? tester = null;
        GlucoseHealth? health = null;
        if ((flags & FlagTesterHealth) != 0)
        {
            var testerHealth = reader.U8("tester-health (flags bit 2)");
            tester = (GlucoseTester)(testerHealth & 0x0F);
            health = (GlucoseHealth)(testerHealth >> 4);
        }

        ushort? duration = null;
        byte? intensity = null;
        if ((flags & FlagExercise) != 0)
        {
            duration = reader.U16("exercise duration (flags bit 3)");
            intensity = reader.U8("exercise intensity (flags bit 3)");
        }

        MedicationId? medicationId = null;
        MedicalFloat? medication = null;
        if ((flags & FlagMedication) != 0)
        {
            medicationId = (MedicationId)reader.U8("medication id (flags bit 4)");
            medication = reader.SFloat("medication SFLOAT (flags bit 4)");
        }
        MedicalFloat? hba1c = (flags & FlagHbA1c) != 0 ? reader.SFloat("HbA1c SFLOAT (flags bit 6)") : null;
        var medicationUnit = (flags & FlagMedicationLitres) != 0 ? MedicationUnit.Litres : MedicationUnit.Kilograms;

        return new GlucoseMeasurementContext(sequence, extended, carbohydrateId, carbohydrate, meal, tester, health,
            duration, intensity, medicationId, medication, medicationUnit, hba1c);
    }
}
