using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelemetryGateway.Core.Alerts;
using TelemetryGateway.Hub.Alerts;
using TelemetryGateway.Hub.Auth;
using TelemetryGateway.Hub.Tests.Alerts;
using TelemetryGateway.Hub.Tests.Infrastructure;

namespace TelemetryGateway.Hub.Tests.Auth;

/// <summary>
/// A real hub with the test directory and one user per role, on a manual clock:
/// clinic-a holds p-a1 (village doctor doc-1) and p-a2 (doc-2); clinic-b holds p-b1 (doc-3); ambulance amb-1
/// (monitor mon-amb-1, patient p-amb) drives to hospital hosp-1. Gateway gw-1 is clinic-a's (doc-1's kit),
/// gw-2 clinic-b's. Users: doctor1 (village-doctor doc-1), clinic-a and clinic-b (clinic-staff),
/// er (emergency-physician hosp-1), admin. Token "clinic-b-script" is clinic-staff at clinic-b.
/// </summary>
internal static class AuthHub
{
    public const string Password = "correct horse battery staple";
    public const string ClinicBToken = "clinic-b-script-token-0123456789abcdefghijk";

    public static readonly (string User, string Role, string? Scope)[] Users =
    [
        ("doctor1", AuthRoles.VillageDoctor, "doc-1"),
        ("clinic-a", AuthRoles.ClinicStaff, "clinic-a"),
        ("clinic-b", AuthRoles.ClinicStaff, "clinic-b"),
        ("er", AuthRoles.EmergencyPhysician, "hosp-1"),
        ("admin", AuthRoles.Administrator, null),
    ];

    // 600 000 PBKDF2 iterations cost a few hundred milliseconds: one hash serves every user of every test.
    private static readonly Lazy<string> Hash = new(() => PasswordHasher.Hash(Password));

    public static Task<TestHub> StartAsync(ManualClock clock, Action<Dictionary<string, string?>>? configure = null) => TestHub.StartAsync(settings =>
    {
        settings["Hub:Patients:p-a1:Clinic"] = "clinic-a";
        settings["Hub:Patients:p-a1:Doctor"] = "doc-1";
        settings["Hub:Patients:p-a2:Clinic"] = "clinic-a";
        settings["Hub:Patients:p-a2:Doctor"] = "doc-2";
        settings["Hub:Patients:p-b1:Clinic"] = "clinic-b";
        settings["Hub:Patients:p-b1:Doctor"] = "doc-3";
        settings["Hub:Ambulances:amb-1:Hospital"] = "hosp-1";
        settings["Hub:Ambulances:amb-1:Patient"] = "p-amb";
        settings["Hub:Ambulances:amb-1:Devices:0"] = "mon-amb-1";
        settings[$"Hub:Gateways:{TestHub.Gateway1}:Clinic"] = "clinic-a";
        settings[$"Hub:Gateways:{TestHub.Gateway1}:Doctor"] = "doc-1";
        settings[$"Hub:Gateways:{TestHub.Gateway2}:Clinic"] = "clinic-b";
        foreach (var (user, role, scope) in Users)
        {
            settings[$"Hub:Auth:Users:{user}:PasswordHash"] = Hash.Value;
            settings[$"Hub:Auth:Users:{user}:Role"] = role;
            settings[$"Hub:Auth:Users:{user}:Scope"] = scope;
            settings[$"Hub:Auth:Users:{user}:DisplayName"] = "Display " + user;
        }
        settings["Hub:Auth:ApiTokens:clinic-b-script:Token"] = TokenHasher.Hash(ClinicBToken);
        settings["Hub:Auth:ApiTokens:clinic-b-script:Role"] = AuthRoles.ClinicStaff;
        settings["Hub:Auth:ApiTokens:clinic-b-script:Scope"] = "clinic-b";
        configure?.Invoke(settings);
    }, time: clock);

    public static ManualClock NewClock() => new(DateTimeOffset.UtcNow);

    /// <summary>Readings of every patient and the ambulance monitor (one without a patient), in the store.</summary>
    public static async Task SeedReadingsAsync(TestHub hub)
    {
        await hub.Host.Store.WriteAsync(
        [
            Readings.Systolic("cuff-a1", 1, 131, "p-a1"),
            Readings.Systolic("cuff-a2", 1, 132, "p-a2"),
            Readings.Systolic("cuff-b1", 1, 133, "p-b1"),
            Readings.Systolic("mon-amb-1", 1, 134, "p-amb"),
            Readings.Systolic("mon-amb-1", 2, 135),
        ], TestHub.Gateway1);
    }

    /// <summary>One raised alert per home patient and one for the ambulance patient; their ids by patient.</summary>
    public static async Task<Dictionary<string, long>> SeedAlertsAsync(TestHub hub)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var patient in new[] { "p-a1", "p-a2", "p-b1", "p-amb" })
        {
            await hub.Host.Alerts.ApplyAsync(AlertFixture.Bp(AlertTransition.Raised, AlertSeverity.Warning, 0, 0, patient: patient), TestHub.Gateway1, default);
            ids[patient] = (await hub.Host.Alerts.ListAsync(new AlertFilter(PatientId: patient), 1, default)).Single().Id;
        }
        return ids;
    }

    /// <summary>Signs <paramref name="user"/> in and returns the browser holding its cookie.</summary>
    public static async Task<Browser> SignInAsync(TestHub hub, string user, string password = Password)
    {
        var browser = new Browser(hub.Host.HttpAddress);
        using var response = await browser.SignInAsync(user, password);
        await JsonAsync(response);
        return browser;
    }

    public static async Task<JsonDocument> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {response.StatusCode} (expected {expected}): {text}");
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }

    public static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        using var _ = await JsonAsync(response, expected);
    }

    /// <summary>The patients of <c>/api/readings</c> (a reading without a patient counts as its device).</summary>
    public static async Task<string[]> ReadingSubjectsAsync(HttpClient client, string query = "")
    {
        using var json = await JsonAsync(await client.GetAsync("/api/readings" + query));
        return [.. json.RootElement.GetProperty("readings").EnumerateArray()
            .Select(r => r.GetProperty("patient").GetString() ?? r.GetProperty("device").GetString()!)
            .Distinct().Order(StringComparer.Ordinal)];
    }

    public static async Task<string[]> AlertPatientsAsync(HttpClient client, string query = "")
    {
        using var json = await JsonAsync(await client.GetAsync("/api/alerts" + query));
        return [.. json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("patientId").GetString()!).Order(StringComparer.Ordinal)];
    }
}

/// <summary>A browser: a cookie jar, and the CSRF header a dashboard page sends on state changes.</summary>
internal sealed class Browser : IDisposable
{
    public Browser(Uri address)
    {
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> SignInAsync(string user, string password) =>
        Http.PostAsJsonAsync("/api/auth/signin", new { user, password });

    /// <summary>POST with JSON, with or without the <c>X-TG-Request: 1</c> header.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body, bool csrfHeader = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (csrfHeader)
        {
            request.Headers.Add(AuthService.CsrfHeader, "1");
        }
        return Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}
