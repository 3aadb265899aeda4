using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>
/// A client connection to a message bus over a Unix socket: SASL EXTERNAL, Hello, method calls matched to
/// replies by serial, signals dispatched to match-rule subscribers. One read loop; writes serialized by a lock.
/// Signal handlers run on the read loop: they must be quick and must not wait for calls on this connection.
/// </summary>
public sealed partial class DBusConnection : IAsyncDisposable
{
    public const string BusName = "org.freedesktop.DBus";
    public static readonly ObjectPath BusPath = new("/org/freedesktop/DBus");

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly DBusConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<DBusMessage>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private Task _readLoop = Task.CompletedTask;
    private int _serial;
    private Exception? _closeReason;

    private DBusConnection(Socket socket, DBusConnectionOptions options, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _options = options;
        _logger = logger;
    }

    /// <summary>The unique name the bus gave us in Hello (":1.42").</summary>
    public string UniqueName { get; private set; } = "";

    /// <summary>Cancelled when the connection closes for any reason.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the connection closed, when it did.</summary>
    public Exception? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Connects to the first reachable alternative of <paramref name="address"/>, authenticates and says Hello.</summary>
    public static async Task<DBusConnection> ConnectAsync(string address, DBusConnectionOptions? options = null, ILogger? logger = null, CancellationToken ct = default)
    {
        options ??= new DBusConnectionOptions();
        logger ??= NullLogger.Instance;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        Exception? last = null;
        foreach (var alternative in DBusAddress.ParseAll(address))
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(alternative.ToEndPoint(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or NotSupportedException)
            {
                last = ex;
                socket.Dispose();
                continue;
            }

            var connection = new DBusConnection(socket, options, logger);
            try
            {
                var guid = await SaslExternal.AuthenticateAsync(connection._stream, timeout.Token).ConfigureAwait(false);
                connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
                var hello = await connection.CallAsync(DBusMessage.MethodCall(BusName, BusPath, BusName, "Hello"), timeout.Token).ConfigureAwait(false);
                connection.UniqueName = hello.Arg<string>();
                DBusLog.Connected(logger, address, connection.UniqueName, guid);
                return connection;
            }
            catch (Exception ex) when (ex is SocketException or IOException or DBusProtocolException or DBusConnectionClosedException)
            {
                last = ex;
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        throw new DBusConnectionClosedException($"Cannot connect to D-Bus at '{address}': {last?.Message}", last!);
    }

    /// <summary>Sends a method call and waits for its reply.</summary>
    /// <exception cref="DBusErrorException">The callee answered with an error (or no reply came in time: NoReply).</exception>
    /// <exception cref="DBusConnectionClosedException">The connection closed before the reply.</exception>
    public async Task<DBusMessage> CallAsync(DBusMessage call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var serial = NextSerial();
        var reply = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[serial] = reply;
        try
        {
            ThrowIfClosed();
            await WriteAsync(call with { Type = MessageType.MethodCall, Serial = serial }, ct).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.CallTimeout);
            DBusMessage message;
            try
            {
                message = await reply.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new DBusErrorException(DBusErrorNames.NoReply, $"No reply to {call.Interface}.{call.Member} within {_options.CallTimeout.TotalSeconds:F0} s.");
            }

            if (message.Type == MessageType.Error)
            {
                throw new DBusErrorException(message.ErrorName!, message.Body.Count > 0 ? message.Body[0] as string : null);
            }

            return message;
        }
        finally
        {
            _pending.TryRemove(serial, out _);
        }
    }

    /// <summary>Sends a message that expects no reply (a signal, or a call flagged NoReplyExpected).</summary>
    public Task SendAsync(DBusMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfClosed();
        return WriteAsync(message with { Serial = NextSerial() }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        Close(new DBusConnectionClosedException("The connection was disposed."));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // Closing the socket ends the loop with one of these; the reason was recorded already.
        }

        _stream.Dispose();
        _socket.Dispose();
        _writeLock.Dispose();
        _closed.Dispose();
    }

    private uint NextSerial()
    {
        // Serials are non-zero u32 and wrap.
        var next = (uint)Interlocked.Increment(ref _serial);
        return next != 0 ? next : (uint)Interlocked.Increment(ref _serial);
    }

    private async Task WriteAsync(DBusMessage message, CancellationToken ct)
    {
        var bytes = MessageCodec.Encode(message);
        if (bytes.Length > _options.MaxMessageLength)
        {
            throw new ArgumentException($"Message of {bytes.Length} bytes exceeds this connection's limit of {_options.MaxMessageLength}.", nameof(message));
        }

        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Close(ex);
            throw new DBusConnectionClosedException($"D-Bus connection lost while sending: {ex.Message}", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (CloseReason is { } reason)
        {
            throw new DBusConnectionClosedException($"D-Bus connection closed: {reason.Message}", reason);
        }
    }

    private void Close(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        DBusLog.Closed(_logger, UniqueName, reason.Message);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Not connected (yet): nothing to shut down.
        }

        foreach (var (_, pending) in _pending)
        {
            pending.TrySetException(new DBusConnectionClosedException($"D-Bus connection closed: {reason.Message}", reason));
        }

        _closed.Cancel();
    }
}
