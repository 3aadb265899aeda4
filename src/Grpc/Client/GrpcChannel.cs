using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TelemetryGateway.Grpc.Server;

namespace TelemetryGateway.Grpc.Client;

/// <summary>
/// A connection pool to one server over HTTP/2 (SocketsHttpHandler): h2c with prior knowledge for http://,
/// TLS with ALPN h2 for https://. Opens further connections when one runs out of streams; keeps idle
/// connections alive with PINGs. Thread-safe; share one per server.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker _invoker;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        _invoker = new HttpMessageInvoker(options.HttpHandler ?? CreateHandler(address, options), disposeHandler: true);
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker => _invoker;

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        if (address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"gRPC address must be http:// (h2c) or https:// (TLS), not '{address}'.", nameof(address));
        }
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    public AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartUnary(request);
        return new AsyncUnaryCall<TResponse>(call.ReadSingleResponseAsync(), call);
    }

    public AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartUnary(request);
        return new AsyncServerStreamingCall<TResponse>(call, call);
    }

    public AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(call, call.ReadSingleResponseAsync(), call);
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call, call, call);
    }

    public void Dispose() => _invoker.Dispose();

    private static SocketsHttpHandler CreateHandler(Uri address, GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = options.ConnectTimeout,
            // Larger stream windows than the 64 KiB default keep one fast stream from waiting on WINDOW_UPDATEs.
            InitialHttp2StreamWindowSize = 1024 * 1024,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
        };
        if (address.Scheme == "https")
        {
            var ssl = new SslClientAuthenticationOptions
            {
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                TargetHost = options.TlsServerName,
            };
            if (options.ServerCertificateAuthority is { } authority)
            {
                ssl.RemoteCertificateValidationCallback = TlsValidation.ServerValidator(authority);
            }
            if (options.ClientCertificate is { } clientCertificate)
            {
                ssl.ClientCertificates = new X509CertificateCollection { clientCertificate };
                ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
            }
            handler.SslOptions = ssl;
        }
        return handler;
    }
}
