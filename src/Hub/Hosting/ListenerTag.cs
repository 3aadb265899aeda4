using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TelemetryGateway.Hub;

/// <summary>Marks connections accepted by the HTTP API listener, so that one pipeline can tell them from
/// gRPC connections without knowing the ports (which port 0 picks only at bind time).</summary>
internal static class ListenerTag
{
    private const string Key = "TelemetryGateway.Hub.HttpApi";

    public static void MarkHttpApi(ListenOptions listen) => listen.Use(next => connection =>
    {
        connection.Items[Key] = true;
        return next(connection);
    });

    public static bool IsHttpApi(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Key) == true;
}
