using System.Collections.Immutable;
using TelemetryGateway.Bluetooth.DBus.Wire;

namespace TelemetryGateway.Bluetooth.DBus.Connection;

/// <summary>The read loop: framing, reply matching, signal dispatch, answering calls made to us.</summary>
public sealed partial class DBusConnection
{
    private ImmutableArray<Subscription> _subscriptions = [];

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                // Frame every complete message in the buffer first ("one read loop shape").
                var consumed = 0;
                while (MessageCodec.TryGetLength(buffer.AsSpan(consumed, filled - consumed), _options.MaxMessageLength, out var length)
                    && filled - consumed >= length)
                {
                    var message = MessageCodec.Decode(buffer.AsSpan(consumed, length));
                    consumed += length;
                    await DispatchAsync(message).ConfigureAwait(false);
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }

                if (MessageCodec.TryGetLength(buffer.AsSpan(0, filled), _options.MaxMessageLength, out var needed) && needed > buffer.Length)
                {
                    Array.Resize(ref buffer, needed);
                }
                else if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(filled), _closed.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    Close(new DBusConnectionClosedException(filled > 0 ? $"The bus closed the connection inside a message ({filled} bytes of it)." : "The bus closed the connection."));
                    return;
                }

                filled += read;
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            // Closed locally.
        }
        catch (DBusProtocolException ex)
        {
            Close(ex);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Close(ex);
        }
    }

    private async Task DispatchAsync(DBusMessage message)
    {
        switch (message.Type)
        {
            case MessageType.MethodReturn or MessageType.Error:
                if (_pending.TryRemove(message.ReplySerial!.Value, out var pending))
                {
                    pending.TrySetResult(message);
                }
                else
                {
                    DBusLog.UnmatchedReply(_logger, message.ReplySerial.Value);
                }

                break;
            case MessageType.Signal:
                foreach (var subscription in _subscriptions)
                {
                    if (!subscription.Rule.Matches(message))
                    {
                        continue;
                    }

                    try
                    {
                        subscription.Handler(message);
                    }
                    catch (Exception ex)
                    {
                        DBusLog.HandlerFailed(_logger, ex, subscription.Rule.ToString());
                    }
                }

                break;
            case MessageType.MethodCall when (message.Flags & MessageFlags.NoReplyExpected) == 0:
                await AnswerCallAsync(message).ConfigureAwait(false);
                break;
            default:
                // "Unknown types must be ignored."
                break;
        }
    }

    // We export no objects: org.freedesktop.DBus.Peer is answered, anything else is UnknownMethod.
    private async Task AnswerCallAsync(DBusMessage call)
    {
        var reply = call is { Interface: "org.freedesktop.DBus.Peer", Member: "Ping" }
            ? new DBusMessage { Type = MessageType.MethodReturn }
            : new DBusMessage
            {
                Type = MessageType.Error,
                ErrorName = DBusErrorNames.UnknownMethod,
                Signature = "s",
                Body = [$"No method {call.Interface}.{call.Member} at {call.Path}"],
            };
        try
        {
            await SendAsync(reply with { ReplySerial = call.Serial, Destination = call.Sender }, _closed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DBusConnectionClosedException or OperationCanceledException)
        {
            // The connection is going away; nothing to answer on.
        }
    }

    private sealed record Subscription(MatchRule Rule, Action<DBusMessage> Handler);
}
