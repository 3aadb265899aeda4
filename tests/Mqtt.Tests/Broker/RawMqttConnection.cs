using System.Buffers;
using System.Net.Sockets;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>
/// A bare TCP client for the cases mosquitto's clients cannot produce: hand-made malformed
/// bytes, unacknowledged deliveries, silence past the keep-alive. Packets that are well formed
/// are encoded with the project's codec; received bytes are decoded with it.
/// </summary>
internal sealed class RawMqttConnection : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly MqttPacketReader _reader;
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];
    private ReadOnlySequence<byte> _pending = ReadOnlySequence<byte>.Empty;

    private RawMqttConnection(TcpClient client, MqttProtocolVersion version)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new MqttPacketReader(version);
    }

    public MqttProtocolVersion Version
    {
        get => _reader.ProtocolVersion;
        set => _reader.ProtocolVersion = value;
    }

    public static async Task<RawMqttConnection> OpenAsync(string host, int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port).WaitAsync(Timeout);
        return new RawMqttConnection(client, MqttProtocolVersion.V311);
    }

    /// <summary>CONNECT and its CONNACK; returns the CONNACK.</summary>
    public async Task<ConnAckPacket> ConnectAsync(MqttProtocolVersion version, string clientId, bool cleanStart = true,
        ushort keepAlive = 60, MqttWill? will = null, MqttProperties? properties = null)
    {
        Version = version;
        await SendAsync(new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = clientId,
            CleanStart = cleanStart,
            KeepAliveSeconds = keepAlive,
            Will = will,
            Properties = properties,
        });
        return Assert.IsType<ConnAckPacket>(await ReceiveAsync());
    }

    public Task SendAsync(MqttPacket packet) => SendRawAsync(MqttPacketWriter.ToArray(packet, Version));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes).AsTask().WaitAsync(Timeout);
        await _stream.FlushAsync();
    }

    /// <summary>The next packet; fails when the connection closes or nothing arrives in time.</summary>
    public async Task<MqttPacket> ReceiveAsync(TimeSpan? timeout = null) =>
        await TryReceiveAsync(timeout ?? Timeout) ?? throw new InvalidOperationException("the broker closed the connection");

    /// <summary>The next packet, or null when the broker closed the connection.</summary>
    public async Task<MqttPacket?> TryReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var buffer = _pending;
            if (_reader.TryRead(ref buffer, out var packet))
            {
                _pending = new ReadOnlySequence<byte>(buffer.ToArray());
                return packet;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_receiveBuffer, cts.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending = new ReadOnlySequence<byte>([.. _pending.ToArray(), .. _receiveBuffer.AsSpan(0, read)]);
        }
    }

    /// <summary>True when the broker closes the connection within <paramref name="timeout"/>; packets sent before the close are skipped.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout, List<MqttPacket>? received = null)
    {
        try
        {
            while (await TryReceiveAsync(timeout) is { } packet)
            {
                received?.Add(packet);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>True when nothing at all arrives within <paramref name="quiet"/> (and the connection stays open).</summary>
    public async Task<bool> IsSilentAsync(TimeSpan quiet)
    {
        try
        {
            var packet = await TryReceiveAsync(quiet);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Drops the TCP connection without DISCONNECT (an abrupt disconnect).</summary>
    public void Abort() => _client.Client.Close(0);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
