namespace TelemetryGateway.Hub.Auth;

/// <summary>Sign-in, sessions and API tokens (<c>Hub:Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>Users from configuration, by user name. More can be added at run time (POST /api/admin/users).</summary>
    public Dictionary<string, AuthUserOptions> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Bearer tokens for scripts and monitoring, by token name (the name is the actor in the audit log).</summary>
    public Dictionary<string, ApiTokenOptions> ApiTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>One administrator token for first set-up (create users, then remove it): the token itself or its
    /// <c>tg new-token</c> hash.</summary>
    public string? BootstrapToken { get; set; }

    /// <summary>The auth database (users added at run time, the sign-in audit); <c>&lt;DataDirectory&gt;/auth.db</c> when empty.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>A session unused this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in however busy it is.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins for one user name (or from one address, <see cref="MaxFailuresPerAddress"/>)
    /// within <see cref="FailureWindow"/> before further attempts are refused with 429.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address before it is refused with 429.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>How far back failures count.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a throttled user name or address is refused.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Mark the session cookie Secure; by default only when the API listener is https://.</summary>
    public bool? SecureCookie { get; set; }
}

/// <summary>One user (<c>Hub:Auth:Users:&lt;name&gt;</c>).</summary>
public sealed class AuthUserOptions
{
    /// <summary><c>tg hash-password</c> output (<c>pbkdf2-sha256$iterations$salt$hash</c>), never the password.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>village-doctor | clinic-staff | emergency-physician | administrator.</summary>
    public string? Role { get; set; }

    /// <summary>Doctor id, clinic id or hospital id (see <see cref="AuthRoles"/>); none for administrators.</summary>
    public string? Scope { get; set; }

    /// <summary>Shown in the dashboard; the user name when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary>A disabled user cannot sign in.</summary>
    public bool Disabled { get; set; }
}

/// <summary>One bearer token (<c>Hub:Auth:ApiTokens:&lt;name&gt;</c>).</summary>
public sealed class ApiTokenOptions
{
    /// <summary>The token's <c>tg new-token</c> hash (<c>sha256$…</c>), or the token itself.</summary>
    public string? Token { get; set; }

    public string? Role { get; set; }

    public string? Scope { get; set; }
}

/// <summary>An ambulance (<c>Hub:Ambulances:&lt;unit&gt;</c>): the hospital it drives to, its monitors and its patient.</summary>
public sealed class AmbulanceOptions
{
    /// <summary>The hospital whose emergency physicians watch it.</summary>
    public string? Hospital { get; set; }

    /// <summary>Device ids of its monitors: their readings are visible to that hospital with or without a patient.</summary>
    public List<string> Devices { get; set; } = [];

    /// <summary>The patient on board, when known.</summary>
    public string? Patient { get; set; }
}
