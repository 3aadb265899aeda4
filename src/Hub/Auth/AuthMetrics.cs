using System.Globalization;
using System.Text;

namespace TelemetryGateway.Hub.Auth;

/// <summary>Counters of sign-in and API access, rendered into <c>/metrics</c> after the hub's own.</summary>
public sealed class AuthMetrics
{
    private long _signedIn;
    private long _refused;
    private long _throttled;
    private long _unauthenticated;
    private long _csrfRefused;
    private long _tokenCalls;

    public long SignedIn => Interlocked.Read(ref _signedIn);

    public long Refused => Interlocked.Read(ref _refused);

    public long Throttled => Interlocked.Read(ref _throttled);

    internal void Outcome(SignInOutcome outcome)
    {
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                Interlocked.Increment(ref _signedIn);
                break;
            case SignInOutcome.Throttled:
                Interlocked.Increment(ref _throttled);
                break;
            default:
                Interlocked.Increment(ref _refused);
                break;
        }
    }

    internal void Unauthenticated() => Interlocked.Increment(ref _unauthenticated);

    internal void CsrfRefused() => Interlocked.Increment(ref _csrfRefused);

    internal void TokenCall() => Interlocked.Increment(ref _tokenCalls);

    public void WritePrometheus(StringBuilder output, int sessions)
    {
        const string signIns = "hub_auth_signins_total";
        output.Append(CultureInfo.InvariantCulture, $"# HELP {signIns} Sign-in attempts, by outcome.\n# TYPE {signIns} counter\n");
        output.Append(CultureInfo.InvariantCulture, $"{signIns}{{outcome=\"signed_in\"}} {SignedIn}\n");
        output.Append(CultureInfo.InvariantCulture, $"{signIns}{{outcome=\"refused\"}} {Refused}\n");
        output.Append(CultureInfo.InvariantCulture, $"{signIns}{{outcome=\"throttled\"}} {Throttled}\n");
        Write(output, "hub_auth_unauthenticated_total", "counter", "API requests refused for want of a valid session or token.", Interlocked.Read(ref _unauthenticated));
        Write(output, "hub_auth_csrf_refused_total", "counter", "Cookie-authenticated state changes refused for want of the X-TG-Request header.", Interlocked.Read(ref _csrfRefused));
        Write(output, "hub_auth_token_requests_total", "counter", "API requests authenticated by a bearer token.", Interlocked.Read(ref _tokenCalls));
        Write(output, "hub_auth_sessions", "gauge", "Open sessions (expired ones linger until next touched or swept).", sessions);
    }

    private static void Write(StringBuilder output, string name, string type, string help, long value) =>
        output.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
