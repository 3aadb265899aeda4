using System.Collections.Concurrent;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// Turns a role and its scope into an <see cref="AccessScope"/> from the hub's configuration:
/// <c>Hub:Patients:&lt;id&gt;</c> (<c>Clinic</c>, <c>Doctor</c>, <c>Hospital</c>), <c>Hub:Ambulances:&lt;unit&gt;</c>
/// (<c>Hospital</c>, <c>Devices</c>, <c>Patient</c>) and <c>Hub:Gateways:&lt;id&gt;</c> (<c>Clinic</c>, <c>Doctor</c>,
/// <c>Hospital</c>: whose kit the gateway is). The configuration does not change while the hub runs, so each
/// scope is computed once.
/// </summary>
public sealed class ScopeDirectory
{
    private readonly IReadOnlyDictionary<string, PatientOptions> _patients;
    private readonly IReadOnlyDictionary<string, AmbulanceOptions> _ambulances;
    private readonly IReadOnlyDictionary<string, GatewayCredentialOptions> _gateways;
    private readonly ConcurrentDictionary<(string Role, string Scope), AccessScope> _cache = new();

    public ScopeDirectory(IReadOnlyDictionary<string, PatientOptions> patients, IReadOnlyDictionary<string, AmbulanceOptions> ambulances,
        IReadOnlyDictionary<string, GatewayCredentialOptions> gateways)
    {
        _patients = patients;
        _ambulances = ambulances;
        _gateways = gateways;
    }

    public static ScopeDirectory From(HubOptions options) => new(options.Patients, options.Ambulances, options.Gateways);

    /// <summary>The scope of <paramref name="role"/> over <paramref name="scope"/>; an unknown role sees nothing.</summary>
    public AccessScope For(string role, string? scope)
    {
        if (role == AuthRoles.Administrator)
        {
            return AccessScope.Everything;
        }
        return _cache.GetOrAdd((role, scope ?? ""), key => Build(key.Role, key.Scope));
    }

    private AccessScope Build(string role, string scope)
    {
        var patients = new HashSet<string>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);
        var gateways = new HashSet<string>(StringComparer.Ordinal);
        if (scope.Length == 0 || !AuthRoles.IsKnown(role))
        {
            return AccessScope.Of(patients, devices, gateways);
        }
        Func<PatientOptions, string?> patientKey = role switch
        {
            AuthRoles.ClinicStaff => p => p.Clinic,
            AuthRoles.VillageDoctor => p => p.Doctor,
            _ => p => p.Hospital,
        };
        foreach (var (id, patient) in _patients)
        {
            if (patient is not null && Same(patientKey(patient), scope))
            {
                patients.Add(id);
            }
        }
        if (role == AuthRoles.EmergencyPhysician)
        {
            foreach (var ambulance in _ambulances.Values)
            {
                if (ambulance is not null && Same(ambulance.Hospital, scope))
                {
                    devices.UnionWith(ambulance.Devices.Where(d => !string.IsNullOrWhiteSpace(d)));
                    if (!string.IsNullOrWhiteSpace(ambulance.Patient))
                    {
                        patients.Add(ambulance.Patient);
                    }
                }
            }
        }
        foreach (var (id, gateway) in _gateways)
        {
            var owner = role switch
            {
                AuthRoles.ClinicStaff => gateway?.Clinic,
                AuthRoles.VillageDoctor => gateway?.Doctor,
                _ => gateway?.Hospital,
            };
            if (Same(owner, scope))
            {
                gateways.Add(id);
            }
        }
        return AccessScope.Of(patients, devices, gateways, role == AuthRoles.ClinicStaff ? scope : null);
    }

    private static bool Same(string? configured, string scope) => string.Equals(configured?.Trim(), scope, StringComparison.Ordinal);
}
