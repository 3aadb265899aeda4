using Microsoft.Extensions.Logging;

namespace TelemetryGateway.Hub.Auth;

/// <summary>Log messages of sign-in and API access; event ids 3900–3919 are stable.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(3900, LogLevel.Information, "User {User} ({Role}) signed in from {Address}")]
    public static partial void SignedIn(ILogger logger, string user, string role, string address);

    [LoggerMessage(3901, LogLevel.Warning, "Sign-in as '{User}' from {Address} failed")]
    public static partial void SignInFailed(ILogger logger, string user, string address);

    [LoggerMessage(3902, LogLevel.Warning, "Sign-in as '{User}' from {Address} refused: too many failures, retry in {RetryAfter}")]
    public static partial void SignInThrottled(ILogger logger, string user, string address, TimeSpan retryAfter);

    [LoggerMessage(3903, LogLevel.Information, "User {User} signed out")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(3904, LogLevel.Information, "User {User} ({Role}, scope '{Scope}') created by {Actor}")]
    public static partial void UserCreated(ILogger logger, string user, string role, string? scope, string actor);

    [LoggerMessage(3905, LogLevel.Warning, "The bootstrap administrator token is configured (Hub:Auth:BootstrapToken); remove it once users exist")]
    public static partial void BootstrapTokenActive(ILogger logger);

    [LoggerMessage(3906, LogLevel.Warning, "Alert watcher refused from {Peer}: {Reason}")]
    public static partial void WatcherRefused(ILogger logger, string peer, string reason);
}
