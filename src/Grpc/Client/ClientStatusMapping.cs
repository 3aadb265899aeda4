using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using TelemetryGateway.Grpc.Internal;

namespace TelemetryGateway.Grpc.Client;

/// <summary>How HTTP-level outcomes become gRPC statuses (grpc/doc/http-grpc-status-mapping.md).</summary>
internal static class ClientStatusMapping
{
    public static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>RST_STREAM / GOAWAY error codes (PROTOCOL-HTTP2.md, "Errors").</summary>
    public static Status FromHttp2Error(long errorCode, string message) => errorCode switch
    {
        0x7 => new Status(StatusCode.Unavailable, "The server refused the stream (REFUSED_STREAM)."),
        0x8 => new Status(StatusCode.Cancelled, "The server cancelled the stream (CANCEL)."),
        0xb => new Status(StatusCode.ResourceExhausted, "The server asked to slow down (ENHANCE_YOUR_CALM)."),
        0xc => new Status(StatusCode.PermissionDenied, "Inadequate security (INADEQUATE_SECURITY)."),
        _ => new Status(StatusCode.Internal, $"HTTP/2 error 0x{errorCode:x}: {message}"),
    };

    /// <summary>grpc-status and grpc-message from a header block; null when grpc-status is absent.</summary>
    public static Status? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            return null;
        }
        var text = values.FirstOrDefault() ?? "";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new Status(StatusCode.Unknown, $"Invalid grpc-status '{text}'.");
        }
        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? PercentEncoding.Decode(string.Join(",", messages))
            : "";
        return new Status((StatusCode)code, message);
    }

    public static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }
            foreach (var value in values)
            {
                try
                {
                    foreach (var entry in MetadataHeaders.Decode(key, value))
                    {
                        metadata.Add(entry);
                    }
                }
                catch (ArgumentException)
                {
                    // Not valid gRPC metadata (e.g. upper-case or odd characters): not surfaced.
                }
            }
        }
        return metadata;
    }
}
