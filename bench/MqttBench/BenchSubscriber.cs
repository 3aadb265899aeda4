using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Bench.Mqtt;

/// <summary>
/// A lean subscriber on the project's codec (socket, PipeReader, PUBACK per QoS 1 message),
/// the same one against both brokers, so the broker is what the figure measures.
/// </summary>
internal sealed class BenchSubscriber : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly MqttPacketReader _reader = new(MqttProtocolVersion.V311);
    private readonly ArrayBufferWriter<byte> _acks = new();

    private BenchSubscriber(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream);
    }

    public static async Task<BenchSubscriber> SubscribeAsync(int port, string topic, MqttQualityOfService qos)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        var subscriber = new BenchSubscriber(socket);
        await subscriber.WriteAsync(new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "bench-sub", KeepAliveSeconds = 120 });
        _ = Assert<ConnAckPacket>(await subscriber.ReadOneAsync());
        await subscriber.WriteAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription(topic, qos)] });
        _ = Assert<SubAckPacket>(await subscriber.ReadOneAsync());
        return subscriber;
    }

    /// <summary>Receives until <paramref name="count"/> messages or <paramref name="idle"/> without any; returns the count and when the last arrived.</summary>
    public async Task<(int Received, long LastTimestamp)> ReceiveAsync(int count, TimeSpan idle)
    {
        var received = 0;
        long last = 0;
        while (received < count)
        {
            using var cts = new CancellationTokenSource(idle);
            ReadResult result;
            try
            {
                result = await _input.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var buffer = result.Buffer;
            while (_reader.TryRead(ref buffer, out var packet))
            {
                if (packet is PublishPacket publish)
                {
                    received++;
                    last = Stopwatch.GetTimestamp();
                    if (publish.QualityOfService == MqttQualityOfService.AtLeastOnce)
                    {
                        MqttPacketWriter.Write(_acks, MqttPublishAckPacket.Create(MqttPacketType.PubAck, publish.PacketId), MqttProtocolVersion.V311);
                    }
                }
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (_acks.WrittenCount > 0)
            {
                await _stream.WriteAsync(_acks.WrittenMemory);
                _acks.ResetWrittenCount();
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        return (received, last);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await WriteAsync(DisconnectPacket.Normal);
        }
        catch (IOException)
        {
        }

        await _input.CompleteAsync();
        await _stream.DisposeAsync();
    }

    private async Task WriteAsync(MqttPacket packet) =>
        await _stream.WriteAsync(MqttPacketWriter.ToArray(packet, MqttProtocolVersion.V311));

    private async Task<MqttPacket> ReadOneAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync();
            var buffer = result.Buffer;
            if (_reader.TryRead(ref buffer, out var packet))
            {
                _input.AdvanceTo(buffer.Start);
                return packet;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("broker closed the connection");
            }
        }
    }

    private static T Assert<T>(MqttPacket packet) where T : MqttPacket =>
        packet as T ?? throw new InvalidOperationException($"expected {typeof(T).Name}, got {packet.Type}");
}
