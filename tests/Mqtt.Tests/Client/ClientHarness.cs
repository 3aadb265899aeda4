using System.Threading.Channels;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Mqtt.Tests.Client;

/// <summary>An <see cref="MqttClient"/> whose handler records every delivery, with waits instead of sleeps.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Channel<MqttReceivedMessage> _received = Channel.CreateUnbounded<MqttReceivedMessage>();
    private readonly List<MqttReceivedMessage> _all = [];

    public ClientHarness(MqttClientOptions options, Func<MqttReceivedMessage, ValueTask>? beforeAccept = null)
    {
        Client = new MqttClient(options, async (message, _) =>
        {
            if (beforeAccept is not null)
            {
                await beforeAccept(message);
            }

            lock (_all)
            {
                _all.Add(message);
            }

            _received.Writer.TryWrite(message);
        });
    }

    public MqttClient Client { get; }

    /// <summary>Every message the handler accepted, in order.</summary>
    public IReadOnlyList<MqttReceivedMessage> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public static MqttClientOptions Options(MosquittoBroker broker, MqttProtocolVersion version, string? clientId = null) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ProtocolVersion = version,
        ClientId = clientId ?? "tg-test-" + Guid.NewGuid().ToString("N")[..12],
        KeepAlive = TimeSpan.FromSeconds(10),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaximumReconnectDelay = TimeSpan.FromMilliseconds(500),
    };

    public static MqttTlsOptions Tls(bool clientCertificate) => new()
    {
        TargetHost = MqttTestCertificates.ServerName,
        CaCertificate = MqttTestCertificates.Shared.CaCertificate,
        ClientCertificate = clientCertificate ? MqttTestCertificates.Shared.ClientCertificate : null,
    };

    public static async Task<ClientHarness> ConnectAsync(MqttClientOptions options, Func<MqttReceivedMessage, ValueTask>? beforeAccept = null)
    {
        var harness = new ClientHarness(options, beforeAccept);
        using var cts = new CancellationTokenSource(Timeout);
        await harness.Client.ConnectAsync(cts.Token);
        return harness;
    }

    public async Task<MqttReceivedMessage> NextAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async Task<List<MqttReceivedMessage>> NextAsync(int count)
    {
        var messages = new List<MqttReceivedMessage>(count);
        using var cts = new CancellationTokenSource(Timeout * 2);
        while (messages.Count < count)
        {
            messages.Add(await _received.Reader.ReadAsync(cts.Token));
        }

        return messages;
    }

    /// <summary>Asserts nothing more arrives for a short while (used after the expected messages).</summary>
    public async Task AssertQuietAsync(TimeSpan period)
    {
        await Task.Delay(period);
        Assert.False(_received.Reader.TryRead(out var extra), $"unexpected extra message on {extra?.Topic}");
    }

    public Task<MqttPublishResult> PublishAsync(string topic, string payload, MqttQualityOfService qos, bool retain = false)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return Client.PublishAsync(new MqttApplicationMessage
        {
            Topic = topic,
            Payload = System.Text.Encoding.UTF8.GetBytes(payload),
            QualityOfService = qos,
            Retain = retain,
        }, cts.Token);
    }

    public async Task SubscribeAsync(string filter, MqttQualityOfService qos)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var codes = await Client.SubscribeAsync(filter, qos, cts.Token);
        Assert.Equal((MqttReasonCode)(byte)qos, Assert.Single(codes));
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
