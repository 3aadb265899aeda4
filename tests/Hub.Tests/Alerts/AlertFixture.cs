using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;

namespace TelemetryGateway.Hub.Tests.Alerts;

/// <summary>A clock the test moves by hand (the hub's timers are not driven by it; tests call the
/// escalation check directly). Its monotonic timestamp moves with <see cref="Advance"/> only, so a
/// <see cref="Step"/> of the wall clock (NTP) leaves elapsed times alone, as on a real host.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _timestamp;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _timestamp;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _timestamp += by.Ticks;
    }

    /// <summary>The wall clock jumps (an NTP correction); elapsed time does not.</summary>
    public void Step(TimeSpan by) => _now += by;
}

/// <summary>An <see cref="AlertService"/> over a temporary alert database, a manual clock and a patient
/// directory: patient-1 and patient-2 at clinic-a (lead Dr Wang), patient-3 at clinic-b.</summary>
public sealed class AlertFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private AlertFixture(string directory, ManualClock clock, HubOptions options)
    {
        Directory = directory;
        Clock = clock;
        Options = options;
    }

    public string Directory { get; }

    public ManualClock Clock { get; }

    public HubOptions Options { get; }

    public AlertMetrics Metrics { get; private set; } = new();

    public AlertService Service { get; private set; } = null!;

    public static async Task<AlertFixture> StartAsync(Action<HubOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "alert-tests-" + Guid.NewGuid().ToString("N"));
        var options = new HubOptions { DataDirectory = directory };
        AddDirectory(options);
        configure?.Invoke(options);
        var fixture = new AlertFixture(directory, new ManualClock(Start), options);
        await fixture.OpenAsync();
        return fixture;
    }

    public static void AddDirectory(HubOptions options)
    {
        options.Patients["patient-1"] = new PatientOptions { Clinic = "clinic-a", VillageDoctor = "Dr Li (village 3)", FamilyContact = "son +86 138 0000 0001" };
        options.Patients["patient-2"] = new PatientOptions { Clinic = "clinic-a", VillageDoctor = "Dr Li (village 3)" };
        options.Patients["patient-3"] = new PatientOptions { Clinic = "clinic-b", VillageDoctor = "Dr Zhao", ClinicLead = "Dr Sun" };
        options.Clinics["clinic-a"] = new ClinicOptions { Lead = "Dr Wang" };
    }

    /// <summary>Closes and opens the service on the same file (a hub restart).</summary>
    public async Task ReopenAsync()
    {
        await Service.DisposeAsync();
        Metrics = new AlertMetrics();
        await OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task OpenAsync() =>
        Service = await AlertService.OpenAsync(Options, "test-hub", Clock, Metrics, NullLogger.Instance);

    /// <summary>A BP signal of an episode that began at <paramref name="episode"/> (minutes after <see cref="Start"/>).</summary>
    public static AlertSignal Bp(AlertTransition transition, AlertSeverity severity, int episode, int atMinutes,
        string patient = "patient-1", double systolic = 152, string rule = AlertRuleIds.Hypertension) => new()
    {
        RuleId = rule,
        PatientId = patient,
        DeviceId = "cuff-" + patient,
        Transition = transition,
        Severity = severity,
        EpisodeStart = Start.AddMinutes(episode),
        At = Start.AddMinutes(atMinutes),
        Message = $"BP {systolic}/95 mm[Hg] ({transition})",
        Kind = "bp.systolic",
        Value = systolic,
        Unit = "mm[Hg]",
    };

    public Task<List<AlertChange>> AuditAsync(long? alertId = null) =>
        Service.AuditAsync(AlertFilter.All, alertId, 0, 1000, CancellationToken.None);
}
