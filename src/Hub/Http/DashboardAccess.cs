using Microsoft.AspNetCore.Http;
using TelemetryGateway.Hub.Auth;

namespace TelemetryGateway.Hub;

/// <summary>
/// The dashboard API answers within the caller's scope (src/Hub/Auth): every <c>/api/</c> request has a caller
/// by the time an endpoint runs, and its <see cref="AccessScope"/> says which patients, monitors and gateways it sees.
/// </summary>
internal static class DashboardAccess
{
    public static AccessScope Scope(HttpContext http) => http.GetCaller().Access;

    public static IResult Forbidden(string patientId) =>
        Results.Json(new ErrorResponse($"Patient {patientId} is not in your scope."), HubJsonContext.Default.ErrorResponse,
            statusCode: StatusCodes.Status403Forbidden);
}
