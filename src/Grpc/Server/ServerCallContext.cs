using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace TelemetryGateway.Grpc.Server;

/// <summary>What a handler knows of its call, and what it may set on the response.</summary>
public sealed class ServerCallContext
{
    private readonly IServerCallOperations _operations;

    internal ServerCallContext(
        HttpContext httpContext, string method, Metadata requestHeaders, DateTime deadline,
        CancellationToken cancellationToken, IServerCallOperations operations)
    {
        HttpContext = httpContext;
        Method = method;
        RequestHeaders = requestHeaders;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        _operations = operations;
    }

    /// <summary>The underlying HTTP/2 request, for what gRPC does not model.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>"/{service}/{method}".</summary>
    public string Method { get; }

    public string Host => HttpContext.Request.Host.Value ?? "";

    public string Peer => HttpContext.Connection.RemoteIpAddress is { } ip
        ? $"{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4")}:{ip}:{HttpContext.Connection.RemotePort}"
        : "unknown";

    public Metadata RequestHeaders { get; }

    /// <summary>The call's deadline in UTC; <see cref="DateTime.MaxValue"/> when the client set none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the client cancels (RST_STREAM), the connection drops, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The client's TLS certificate, when the connection is mutual TLS.</summary>
    public X509Certificate2? ClientCertificate => HttpContext.Connection.ClientCertificate;

    /// <summary>Trailers sent with the status when the call ends.</summary>
    public Metadata ResponseTrailers { get; } = new();

    /// <summary>The status to end the call with when the handler returns normally.</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    /// <summary>
    /// Set to "gzip" before the first response message to compress responses; honoured only when the
    /// client's grpc-accept-encoding lists it.
    /// </summary>
    public string? ResponseEncoding { get; set; }

    /// <summary>Options for subsequent response writes (e.g. one message uncompressed).</summary>
    public WriteOptions? WriteOptions { get; set; }

    /// <summary>Whether the request message read last arrived compressed (its compressed flag was set).</summary>
    public bool RequestMessageCompressed => _operations.LastRequestCompressed;

    /// <summary>Sends the response headers now, with this custom metadata; at most once, before any message.</summary>
    public Task WriteResponseHeadersAsync(Metadata responseHeaders) => _operations.WriteResponseHeadersAsync(responseHeaders);
}

internal interface IServerCallOperations
{
    bool LastRequestCompressed { get; }

    Task WriteResponseHeadersAsync(Metadata headers);
}
