using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// What one caller may see: a set of patients, a set of devices (ambulance monitors, whose readings may carry
/// no patient) and a set of gateways, or everything (administrators). Every API answer passes through it.
/// </summary>
public sealed class AccessScope
{
    private static readonly HashSet<string> None = new(StringComparer.Ordinal);

    private AccessScope(bool everything, IReadOnlySet<string> patients, IReadOnlySet<string> devices, IReadOnlySet<string> gateways, string? clinic)
    {
        IsEverything = everything;
        Patients = patients;
        Devices = devices;
        Gateways = gateways;
        Clinic = clinic;
    }

    /// <summary>The administrator's scope.</summary>
    public static AccessScope Everything { get; } = new(true, None, None, None, null);

    /// <summary>A scope of the given patients, devices and gateways; <paramref name="clinic"/> also admits
    /// alerts filed under that clinic.</summary>
    public static AccessScope Of(IReadOnlySet<string> patients, IReadOnlySet<string> devices, IReadOnlySet<string> gateways, string? clinic = null) =>
        new(false, patients, devices, gateways, clinic);

    public bool IsEverything { get; }

    /// <summary>The patients in scope (empty for <see cref="Everything"/>, which needs no list).</summary>
    public IReadOnlySet<string> Patients { get; }

    /// <summary>Devices whose readings are in scope whatever patient they name (ambulance monitors).</summary>
    public IReadOnlySet<string> Devices { get; }

    public IReadOnlySet<string> Gateways { get; }

    /// <summary>The clinic of a clinic-staff scope.</summary>
    public string? Clinic { get; }

    public bool CanSeePatient(string? patientId) =>
        IsEverything || (patientId is not null && Patients.Contains(patientId));

    public bool CanSeeDevice(string? deviceId) =>
        IsEverything || (deviceId is not null && Devices.Contains(deviceId));

    /// <summary>A reading is in scope through its patient, or through its device (an ambulance monitor).</summary>
    public bool CanSeeReading(string? patientId, string? deviceId) => CanSeePatient(patientId) || CanSeeDevice(deviceId);

    public bool CanSeeAlert(AlertRecord alert) =>
        CanSeeReading(alert.PatientId, alert.DeviceId)
        || (Clinic is not null && string.Equals(alert.Clinic, Clinic, StringComparison.Ordinal));

    public bool CanSeeGateway(string gatewayId) => IsEverything || Gateways.Contains(gatewayId);
}
