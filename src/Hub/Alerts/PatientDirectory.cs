namespace TelemetryGateway.Hub.Alerts;

/// <summary>A patient's place on the follow-up path (<c>Hub:Patients:&lt;id&gt;</c>).</summary>
public sealed class PatientOptions
{
    /// <summary>The name the dashboard shows.</summary>
    public string? Name { get; set; }

    public string? Clinic { get; set; }

    public string? VillageDoctor { get; set; }

    /// <summary>The village doctor's user scope (<c>Hub:Auth</c> role village-doctor): who may see this patient.</summary>
    public string? Doctor { get; set; }

    /// <summary>The hospital whose emergency physicians may see this patient (e.g. brought in by ambulance).</summary>
    public string? Hospital { get; set; }

    public string? FamilyContact { get; set; }

    /// <summary>Overrides the clinic's lead for this patient.</summary>
    public string? ClinicLead { get; set; }
}

/// <summary>A clinic (<c>Hub:Clinics:&lt;id&gt;</c>).</summary>
public sealed class ClinicOptions
{
    public string? Lead { get; set; }
}

/// <summary>Who looks after each patient, from configuration: alerts are filtered by clinic and escalated to these people.</summary>
public sealed class PatientDirectory(
    IReadOnlyDictionary<string, PatientOptions> patients,
    IReadOnlyDictionary<string, ClinicOptions> clinics)
{
    public static PatientDirectory Empty { get; } = new(new Dictionary<string, PatientOptions>(), new Dictionary<string, ClinicOptions>());

    public string? ClinicOf(string? patientId) =>
        patientId is not null && patients.TryGetValue(patientId, out var p) && !string.IsNullOrWhiteSpace(p.Clinic) ? p.Clinic : null;

    /// <summary>The first step: the patient's village doctor.</summary>
    public IReadOnlyList<AlertRecipient> FirstStep(string? patientId) =>
        Find(patientId) is { VillageDoctor: { Length: > 0 } doctor } ? [new AlertRecipient(AlertRoles.VillageDoctor, doctor)] : [];

    /// <summary>The escalation step: the clinic lead (the patient's own, else the clinic's) and the family contact.</summary>
    public IReadOnlyList<AlertRecipient> EscalationStep(string? patientId)
    {
        var patient = Find(patientId);
        if (patient is null)
        {
            return [];
        }
        var lead = !string.IsNullOrWhiteSpace(patient.ClinicLead) ? patient.ClinicLead
            : patient.Clinic is not null && clinics.TryGetValue(patient.Clinic, out var clinic) ? clinic.Lead : null;
        var recipients = new List<AlertRecipient>(2);
        if (!string.IsNullOrWhiteSpace(lead))
        {
            recipients.Add(new AlertRecipient(AlertRoles.ClinicLead, lead));
        }
        if (!string.IsNullOrWhiteSpace(patient.FamilyContact))
        {
            recipients.Add(new AlertRecipient(AlertRoles.FamilyContact, patient.FamilyContact));
        }
        return recipients;
    }

    private PatientOptions? Find(string? patientId) =>
        patientId is not null && patients.TryGetValue(patientId, out var p) ? p : null;
}
