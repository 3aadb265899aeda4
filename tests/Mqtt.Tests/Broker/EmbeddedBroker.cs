using Microsoft.Extensions.Logging.Abstractions;
using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>Our broker on a random loopback port (and a TLS one when asked), for one test.</summary>
internal sealed class EmbeddedBroker : IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    private EmbeddedBroker(MqttBroker broker) => Broker = broker;

    public MqttBroker Broker { get; }

    public int Port => Broker.Endpoints[0].Port;

    public int TlsPort => Broker.TlsEndpoint?.Port ?? throw new InvalidOperationException("no TLS listener");

    public MqttBrokerMetrics Metrics => Broker.Metrics;

    public static async Task<EmbeddedBroker> StartAsync(Action<MqttBrokerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new MqttBrokerOptions { Listen = [$"{Host}:0"], AllowAnonymous = true };
        configure?.Invoke(options);
        var broker = new MqttBroker(options, NullLogger<MqttBroker>.Instance, time);
        await broker.StartAsync();
        return new EmbeddedBroker(broker);
    }

    /// <summary>Where mosquitto_pub / mosquitto_sub find this broker.</summary>
    public MosquittoEndpoint Endpoint(MqttProtocolVersion version) => new(Host, Port) { Version = version };

    public MosquittoEndpoint SecureEndpoint(MqttProtocolVersion version, bool clientCertificate) =>
        new(Host, TlsPort) { Version = version, Tls = true, ClientCertificate = clientCertificate };

    public Task<RawMqttConnection> ConnectRawAsync() => RawMqttConnection.OpenAsync(Host, Port);

    public ValueTask DisposeAsync() => Broker.DisposeAsync();
}
