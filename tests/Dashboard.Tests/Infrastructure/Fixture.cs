using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using TelemetryGateway.Core;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Gateway;
using TelemetryGateway.Hub;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Dashboard.Tests.Infrastructure;

/// <summary>
/// One real hub and one real gateway feeding it over gRPC through a cuttable link, users of every role, and
/// Debian's chromium driven by Playwright: shared by the dashboard tests (one collection, run in order).
/// </summary>
public sealed class Fixture : IAsyncLifetime
{
    public const string ClinicA = "clinic-a";
    public const string ClinicB = "clinic-b";
    public const string DoctorA = "doc-a";
    public const string Hospital = "hosp-a";
    public const string GatewayId = "gw-1";
    /// <summary>A second gateway of doctor A's that a test connects by hand, reporting readings still in its buffer.</summary>
    public const string GatewayWaiting = "gw-2";
    public const string GatewayWaitingSecret = "gw-2-secret-0123456789abcdef";
    public const string PatientInControl = "P-A1";
    public const string PatientOutOfControl = "P-A2";
    public const string PatientOtherClinic = "P-B1";
    public const string PatientOverdue = "P-A3";
    public const string AmbulancePatient = "P-AMB";
    public const string Password = "correct horse battery";

    /// <summary>Generous bound for anything awaited: fails a hung test, asserts nothing about speed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tg-dashboard-{Guid.NewGuid():N}");
    private Task? _ambulance;
    private IPlaywright? _playwright;

    public HubHost Hub { get; private set; } = null!;

    /// <summary>The hub's and the gateway's settings (a test may start another hub from them).</summary>
    public IConfiguration Configuration { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public LinkProxy Link { get; private set; } = null!;

    public Feeder Feeder { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Hub.HttpAddress;

    /// <summary>Where screenshots go: TestResults/Dashboard at the repository root (the CI artifacts).</summary>
    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    public async Task InitializeAsync()
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordHash = PasswordHasher.Hash(Password);
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = Path.Combine(_directory, "hub"),
            ["Hub:GrpcUrl"] = "http://127.0.0.1:0",
            ["Hub:HttpUrl"] = "http://127.0.0.1:0",
            [$"Hub:Gateways:{GatewayId}:Secret"] = SecretHasher.Hash(secret),
            [$"Hub:Gateways:{GatewayId}:Clinic"] = ClinicA,
            [$"Hub:Gateways:{GatewayId}:Doctor"] = DoctorA,
            [$"Hub:Gateways:{GatewayId}:Hospital"] = Hospital,
            [$"Hub:Gateways:{GatewayWaiting}:Secret"] = SecretHasher.Hash(GatewayWaitingSecret),
            [$"Hub:Gateways:{GatewayWaiting}:Clinic"] = ClinicA,
            [$"Hub:Gateways:{GatewayWaiting}:Doctor"] = DoctorA,
            [$"Hub:Patients:{PatientInControl}:Clinic"] = ClinicA,
            [$"Hub:Patients:{PatientInControl}:Doctor"] = DoctorA,
            [$"Hub:Patients:{PatientInControl}:VillageDoctor"] = "Dr Li",
            [$"Hub:Patients:{PatientInControl}:Name"] = "Zhang Wei",
            [$"Hub:Patients:{PatientOutOfControl}:Clinic"] = ClinicA,
            [$"Hub:Patients:{PatientOutOfControl}:Doctor"] = DoctorA,
            [$"Hub:Patients:{PatientOutOfControl}:VillageDoctor"] = "Dr Li",
            [$"Hub:Patients:{PatientOverdue}:Clinic"] = ClinicA,
            [$"Hub:Patients:{PatientOverdue}:Doctor"] = DoctorA,
            [$"Hub:Patients:{PatientOverdue}:VillageDoctor"] = "Dr Li",
            [$"Hub:Patients:{PatientOverdue}:Name"] = "Wang Fang",
            [$"Hub:Patients:{PatientOtherClinic}:Clinic"] = ClinicB,
            [$"Hub:Patients:{PatientOtherClinic}:Doctor"] = "doc-b",
            [$"Hub:Patients:{AmbulancePatient}:Hospital"] = Hospital,
            ["Hub:Ambulances:amb-1:Hospital"] = Hospital,
            ["Hub:Ambulances:amb-1:Patient"] = AmbulancePatient,
            ["Hub:Ambulances:amb-1:Devices:0"] = Feeder.Monitor,
            ["Gateway:Id"] = GatewayId,
            ["Gateway:Secret"] = secret,
            ["Gateway:DataDirectory"] = Path.Combine(_directory, "gateway"),
            ["Gateway:HttpUrl"] = "http://127.0.0.1:0",
            ["Gateway:StatusInterval"] = "00:00:01",
            ["Gateway:Reconnect:InitialDelay"] = "00:00:00.2",
            ["Gateway:Reconnect:MaxDelay"] = "00:00:01",
        };
        foreach (var (user, role, scope) in Users)
        {
            settings[$"Hub:Auth:Users:{user}:PasswordHash"] = passwordHash;
            settings[$"Hub:Auth:Users:{user}:Role"] = role;
            settings[$"Hub:Auth:Users:{user}:Scope"] = scope;
            settings[$"Hub:Auth:Users:{user}:DisplayName"] = $"{user} ({role})";
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Configuration = configuration;
        Hub = await HubHost.StartAsync(configuration);
        Link = new LinkProxy(Hub.GrpcAddress);
        var gatewayConfiguration = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:HubUrl"] = Link.Address.ToString() })
            .Build();
        Gateway = await GatewayHost.StartAsync(gatewayConfiguration);
        Feeder = new Feeder(Gateway.Sink);
        await Feeder.SyncHomeVisitsAsync(_stop.Token);
        _ambulance = Feeder.RunAmbulanceAsync(_stop.Token);
        using (var drained = new CancellationTokenSource(Timeout))
        {
            await Gateway.WaitUntilDrainedAsync(drained.Token);
        }
        // The alert the out-of-control patient's BP raises, handed to the hub's alert intake exactly as ingest
        // hands an edge signal over (the gateway on this branch does not judge readings yet).
        var raisedAt = DateTimeOffset.UtcNow.AddHours(-1);
        await Hub.Alerts.ApplyAsync(new AlertSignal
        {
            RuleId = AlertRuleIds.Hypertension,
            PatientId = PatientOutOfControl,
            DeviceId = "cuff-A2",
            Transition = AlertTransition.Raised,
            Severity = AlertSeverity.Warning,
            EpisodeStart = raisedAt,
            At = raisedAt,
            Message = "BP 158/98 mm[Hg] at or above 140/90 (hypertension)",
            Kind = ReadingKinds.BpSystolic,
            Value = 158,
            Unit = "mm[Hg]",
        }, GatewayId, _stop.Token);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Root in CI: chromium's sandbox needs a user namespace it may not get there.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>(user, role, scope) of the test users; every password is <see cref="Password"/>.</summary>
    public static readonly (string User, string Role, string? Scope)[] Users =
    [
        ("clinic", AuthRoles.ClinicStaff, ClinicA),
        ("doctor", AuthRoles.VillageDoctor, DoctorA),
        ("emergency", AuthRoles.EmergencyPhysician, Hospital),
        ("admin", AuthRoles.Administrator, null),
    ];

    /// <summary>A fresh browser context (own cookies) at <paramref name="width"/>×<paramref name="height"/>, signed in as
    /// <paramref name="user"/> on the fixture's hub, or on the hub at <paramref name="hub"/>.</summary>
    public async Task<IPage> SignInAsync(string user, int width = 1366, int height = 768, Uri? hub = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (hub ?? BaseAddress).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#signin-user", user);
        await page.FillAsync("#signin-password", Password);
        await page.ClickAsync("#signin-submit");
        await page.WaitForSelectorAsync("#nav a.active");
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_ambulance is not null)
        {
            await _ambulance;
        }
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        if (Link is not null)
        {
            await Link.DisposeAsync();
        }
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }
        _stop.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("TG_DASHBOARD_SCREENSHOTS") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TelemetryGateway.sln")))
            {
                return Path.Combine(dir.FullName, "TestResults", "Dashboard");
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "TestResults", "Dashboard");
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<Fixture>
{
    public const string Name = "dashboard";
}
