namespace TelemetryGateway.Bluetooth.Gatt.Glucose;

/// <summary>Glucose Measurement "Type" nibble (GSS, Glucose Measurement; GLS v1.0.1). Values not named
/// here are reserved; they are kept as numbers.</summary>
public enum GlucoseSampleType : byte
{
    CapillaryWholeBlood = 1,
    CapillaryPlasma = 2,
    VenousWholeBlood = 3,
    VenousPlasma = 4,
    ArterialWholeBlood = 5,
    ArterialPlasma = 6,
    UndeterminedWholeBlood = 7,
    UndeterminedPlasma = 8,
    InterstitialFluid = 9,
    ControlSolution = 10,
}

/// <summary>Glucose Measurement "Sample Location" nibble (GSS, Glucose Measurement).</summary>
public enum GlucoseSampleLocation : byte
{
    Finger = 1,
    AlternateSiteTest = 2,
    Earlobe = 3,
    ControlSolution = 4,
    NotAvailable = 15,
}

/// <summary>Glucose concentration unit, Glucose Measurement flags bit 2 (GSS, Glucose Measurement).</summary>
public enum GlucoseConcentrationUnit
{
    /// <summary>kg/L (0).</summary>
    KilogramPerLitre = 0,
    /// <summary>mol/L (1).</summary>
    MolePerLitre = 1,
}

/// <summary>Carbohydrate ID (GSS, Glucose Measurement Context).</summary>
public enum CarbohydrateId : byte
{
    Breakfast = 1,
    Lunch = 2,
    Dinner = 3,
    Snack = 4,
    Drink = 5,
    Supper = 6,
    Brunch = 7,
}

/// <summary>Meal (GSS, Glucose Measurement Context).</summary>
public enum Meal : byte
{
    Preprandial = 1,
    Postprandial = 2,
    Fasting = 3,
    Casual = 4,
    Bedtime = 5,
}

/// <summary>Tester, low nibble of Tester-Health (GSS, Glucose Measurement Context).</summary>
public enum GlucoseTester : byte
{
    Self = 1,
    HealthCareProfessional = 2,
    LabTest = 3,
    NotAvailable = 15,
}

/// <summary>Health, high nibble of Tester-Health (GSS, Glucose Measurement Context).</summary>
public enum GlucoseHealth : byte
{
    MinorHealthIssues = 1,
    MajorHealthIssues = 2,
    DuringMenses = 3,
    UnderStress = 4,
    NoHealthIssues = 5,
    NotAvailable = 15,
}

/// <summary>Medication ID (GSS, Glucose Measurement Context).</summary>
public enum MedicationId : byte
{
    RapidActingInsulin = 1,
    ShortActingInsulin = 2,
    IntermediateActingInsulin = 3,
    LongActingInsulin = 4,
    PreMixedInsulin = 5,
}

/// <summary>Medication units, Glucose Measurement Context flags bit 5.</summary>
public enum MedicationUnit
{
    Kilograms = 0,
    Litres = 1,
}
