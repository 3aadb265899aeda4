using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// The gateway's embedded MQTT 3.1.1 / 5.0 broker: TCP and TLS listeners, sessions, QoS 0/1/2,
/// retained messages, wills, ACLs, limits, and an in-process ingest hook that acknowledges a
/// message only after the gateway has made it durable (<see cref="AddIngestHandler"/>).
/// </summary>
public sealed partial class MqttBroker : IAsyncDisposable
{
    private readonly ConcurrentDictionary<MqttBrokerConnection, Task> _connections = new(ReferenceEqualityComparer.Instance);
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();
    private SslServerAuthenticationOptions? _tls;
    private int _started;

    public MqttBroker(MqttBrokerOptions options, ILogger<MqttBroker>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumPacketSize, 64);
        ArgumentOutOfRangeException.ThrowIfZero(options.MaximumInFlight);
        Options = options;
        Logger = logger ?? NullLogger<MqttBroker>.Instance;
        Time = timeProvider ?? TimeProvider.System;
        Access = new MqttAccessControl(options);
        Retained = new MqttRetainedStore(options.MaximumRetainedMessages);
    }

    public MqttBrokerMetrics Metrics { get; } = new();

    /// <summary>Bound plain TCP endpoints (the real port when 0 was configured).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; private set; } = [];

    /// <summary>Topics holding a retained message.</summary>
    public int RetainedCount => Retained.Count;

    /// <summary>Bound TLS endpoint, null without a TLS listener.</summary>
    public IPEndPoint? TlsEndpoint { get; private set; }

    internal MqttBrokerOptions Options { get; }

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal MqttAccessControl Access { get; }

    internal MqttRetainedStore Retained { get; }

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Binds the listeners and starts accepting. Throws when an endpoint cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the MQTT broker is already started");
        }

        if (Options.Tls is { } tls)
        {
            _tls = await MqttBrokerTls.CreateServerOptionsAsync(tls, cancellationToken).ConfigureAwait(false);
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var listen in Options.Listen)
        {
            endpoints.Add(StartListener(ParseEndPoint(listen), secure: false));
        }

        Endpoints = endpoints;
        if (Options.Tls is { } secure)
        {
            TlsEndpoint = StartListener(ParseEndPoint(secure.Listen), secure: true);
        }

        _loops.Add(ExpireSessionsLoopAsync(_stopping.Token));
    }

    /// <summary>Stops accepting, closes every connection (5.0 clients get DISCONNECT 0x8B) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        foreach (var connection in _connections.Keys)
        {
            connection.Shutdown();
        }

        try
        {
            await Task.WhenAll([.. _loops, .. _connections.Values]).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or SocketException)
        {
            // Stopping: loops end by cancellation, and a connection that does not finish in time is abandoned.
        }

        _stopping.Dispose();
        MqttBrokerLog.Stopped(Logger);
    }

    internal static IPEndPoint ParseEndPoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endPoint))
        {
            return endPoint;
        }

        // "localhost:1883" and "*:1883" (any address) besides literal addresses.
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is >= 0 and <= 65535)
        {
            var host = text[..colon];
            if (host is "*" or "+")
            {
                return new IPEndPoint(IPAddress.IPv6Any, port);
            }

            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                return new IPEndPoint(IPAddress.Loopback, port);
            }
        }

        throw new FormatException($"MQTT listen endpoint '{text}' is not host:port");
    }

    private IPEndPoint StartListener(IPEndPoint endPoint, bool secure)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        socket.Bind(endPoint);
        socket.Listen(512);
        _listeners.Add(socket);
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        MqttBrokerLog.Listening(Logger, bound, secure ? "tls" : "tcp");
        _loops.Add(AcceptLoopAsync(socket, secure, _stopping.Token));
        return bound;
    }

    private async Task AcceptLoopAsync(Socket listener, bool secure, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before accept completed concerns that client only.
                continue;
            }

            socket.NoDelay = true;
            var overLimit = Metrics.ConnectionsActive >= Options.MaximumConnections;
            var connection = new MqttBrokerConnection(this, socket, overLimit);
            Metrics.ConnectionOpened();
            // Registered before it runs, so its own removal cannot come first.
            var run = new Task<Task>(() => RunConnectionAsync(connection, secure));
            _connections[connection] = run.Unwrap();
            run.Start(TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(MqttBrokerConnection connection, bool secure)
    {
        try
        {
            await connection.RunAsync(secure ? _tls : null).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The connection's own loop maps every expected failure; this is the last guard that
            // keeps one broken connection from touching the others.
            MqttBrokerLog.ConnectionFailed(Logger, exception, connection.Remote);
        }
        finally
        {
            Metrics.ConnectionClosed();
            _connections.TryRemove(connection, out _);
        }
    }
}
