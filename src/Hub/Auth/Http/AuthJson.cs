using System.Text.Json.Serialization;

namespace TelemetryGateway.Hub.Auth;

/// <summary><c>POST /api/auth/signin</c> body.</summary>
public sealed record SignInRequest(string? User, string? Password);

/// <summary><c>GET /api/auth/me</c> and the answer of a successful sign-in.</summary>
/// <param name="Scope">Doctor, clinic or hospital id; null for administrators.</param>
/// <param name="Via">session | token.</param>
public sealed record MeResponse(string User, string Role, string? Scope, string DisplayName, string Via);

/// <summary><c>POST /api/auth/password</c> body.</summary>
public sealed record ChangePasswordRequest(string? Current, string? Password);

/// <summary><c>POST /api/admin/users</c> body.</summary>
public sealed record CreateUserRequest(string? User, string? Password, string? Role, string? Scope, string? DisplayName);

/// <summary>One user in <c>GET /api/admin/users</c> (never the hash).</summary>
public sealed record UserJson(string User, string Role, string? Scope, string DisplayName, bool Disabled, string Source);

public sealed record UsersResponse(IReadOnlyList<UserJson> Users);

/// <summary><c>GET /api/audit/auth</c>: entries oldest first and the id to pass as <c>after</c> next time.</summary>
public sealed record AuthAuditResponse(IReadOnlyList<AuthAuditEntry> Entries, long Next);

/// <summary>A refused request: what was wrong.</summary>
public sealed record AuthErrorResponse(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(UserJson))]
[JsonSerializable(typeof(UsersResponse))]
[JsonSerializable(typeof(AuthAuditResponse))]
[JsonSerializable(typeof(AuthErrorResponse))]
public sealed partial class AuthJsonContext : JsonSerializerContext;
