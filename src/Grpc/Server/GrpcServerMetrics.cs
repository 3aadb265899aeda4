using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TelemetryGateway.Grpc.Server;

/// <summary>Counters of the gRPC server, rendered in Prometheus text format.</summary>
public sealed class GrpcServerMetrics
{
    private readonly ConcurrentDictionary<(string Method, StatusCode Code), long> _completed = new();
    private readonly ConcurrentDictionary<string, long> _protocolErrors = new();
    private long _started;
    private long _messagesReceived;
    private long _messagesSent;

    public long CallsStarted => Interlocked.Read(ref _started);
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    public long CallsCompleted(StatusCode code) => _completed.Where(kv => kv.Key.Code == code).Sum(kv => kv.Value);

    /// <summary>Malformed or refused input, by reason (e.g. "truncated_message", "message_too_large").</summary>
    public long ProtocolErrors(string reason) => _protocolErrors.GetValueOrDefault(reason);

    internal void CallStarted() => Interlocked.Increment(ref _started);
    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);
    internal void MessageSent() => Interlocked.Increment(ref _messagesSent);
    internal void CallCompleted(string method, StatusCode code) => _completed.AddOrUpdate((method, code), 1, (_, n) => n + 1);
    internal void ProtocolError(string reason) => _protocolErrors.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void WritePrometheus(StringBuilder output)
    {
        output.Append("# TYPE grpc_server_started_total counter\ngrpc_server_started_total ").Append(CallsStarted).Append('\n');
        output.Append("# TYPE grpc_server_msg_received_total counter\ngrpc_server_msg_received_total ").Append(MessagesReceived).Append('\n');
        output.Append("# TYPE grpc_server_msg_sent_total counter\ngrpc_server_msg_sent_total ").Append(MessagesSent).Append('\n');
        output.Append("# TYPE grpc_server_handled_total counter\n");
        foreach (var ((method, code), count) in _completed.OrderBy(kv => kv.Key.Method, StringComparer.Ordinal).ThenBy(kv => kv.Key.Code))
        {
            output.Append(CultureInfo.InvariantCulture, $"grpc_server_handled_total{{grpc_method=\"{method}\",grpc_code=\"{code}\"}} {count}\n");
        }
        output.Append("# TYPE grpc_server_protocol_errors_total counter\n");
        foreach (var (reason, count) in _protocolErrors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.Append(CultureInfo.InvariantCulture, $"grpc_server_protocol_errors_total{{reason=\"{reason}\"}} {count}\n");
        }
    }
}
