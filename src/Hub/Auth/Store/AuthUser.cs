namespace TelemetryGateway.Hub.Auth;

/// <summary>A user who can sign in, from configuration or from the auth database.</summary>
/// <param name="FromConfiguration">Configured under <c>Hub:Auth:Users</c> (read-only at run time).</param>
public sealed record AuthUser(string Name, string DisplayName, string Role, string? Scope, string PasswordHash, bool Disabled, bool FromConfiguration);

/// <summary>One entry of the sign-in audit (<c>GET /api/audit/auth</c>).</summary>
/// <param name="Action">signin | signin-failed | signin-throttled | signout | session-expired | user-created.</param>
/// <param name="User">The user name given (for a failure: as typed, which may be no user at all).</param>
/// <param name="Actor">Who did it: the user, or the administrator who created a user.</param>
/// <param name="Address">The client's IP address.</param>
public sealed record AuthAuditEntry(long Id, DateTimeOffset At, string Action, string User, string Actor, string? Role, string? Address, string? Detail);
