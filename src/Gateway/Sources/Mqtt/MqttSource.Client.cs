using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using TelemetryGateway.Gateway.Uplink;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Transport;

namespace TelemetryGateway.Gateway.Sources.Mqtt;

public sealed partial class MqttSource
{
    /// <summary>Counters of the client at the external broker, once it was created.</summary>
    public MqttClientCounters? ClientCounters { get; private set; }

    /// <summary>
    /// Subscribes at an external broker (Gateway:Mqtt:BrokerUrl) with a persistent session (3.1.1 Clean
    /// Session 0, 5.0 Clean Start 0 with a session expiry): the broker keeps the QoS 1 messages published while
    /// the gateway is away and delivers them when it returns. The client acknowledges a message only after
    /// <see cref="MonitorIngest.HandleAsync"/> returned, on the connection the message arrived on, so a message
    /// the buffer has not committed is delivered again (at least once; the hub's key makes a repeat harmless).
    /// </summary>
    private async Task RunClientAsync(MonitorIngest ingest, CancellationToken ct)
    {
        var options = ClientOptions(_options, _gatewayId, _time);
        var broker = $"{options.Host}:{options.Port}";
        var client = await ConnectFirstAsync(options, broker, ingest, ct).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            MqttSourceLog.ClientConnected(_logger, broker, client.ClientId, string.Join(",", _options.Topics));
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The first connection is retried here (the broker may start after the gateway); once connected,
    /// the client reconnects by itself with its own backoff.</summary>
    private async Task<MqttClient> ConnectFirstAsync(MqttClientOptions options, string broker, MonitorIngest ingest, CancellationToken ct)
    {
        var retry = new RetryPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), _time);
        MqttClientSession? session = null;
        while (true)
        {
            // A client instance connects once; a new one continues the session state of the last.
            var client = new MqttClient(options with { Session = session },
                (message, token) => ingest.HandleAsync(message.Topic, message.Payload, token), _loggers.CreateLogger<MqttClient>());
            ClientCounters = client.Counters;
            try
            {
                await client.ConnectAsync(ct).ConfigureAwait(false);
                return client;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                session = client.Session;
                await client.DisposeAsync().ConfigureAwait(false);
                var delay = retry.NextDelay();
                MqttSourceLog.ClientDisconnected(_logger, ex, broker, delay.TotalMilliseconds);
                await retry.DelayAsync(delay, ct).ConfigureAwait(false);
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>The client's settings from Gateway:Mqtt (validated before).</summary>
    internal static MqttClientOptions ClientOptions(MqttSourceOptions source, string gatewayId, TimeProvider time)
    {
        var uri = new Uri(source.BrokerUrl!);
        var tls = uri.Scheme == "mqtts";
        MqttTlsOptions? tlsOptions = null;
        if (tls)
        {
            tlsOptions = new MqttTlsOptions
            {
                CaCertificate = source.CaPath is { } ca ? X509CertificateLoader.LoadCertificateFromFile(ca) : null,
                ClientCertificate = source.ClientCertificatePath is { } cert
                    ? X509Certificate2.CreateFromPemFile(cert, source.ClientKeyPath)
                    : null,
            };
        }
        var qos = source.Qos == 0 ? MqttQualityOfService.AtMostOnce : MqttQualityOfService.AtLeastOnce;
        return new MqttClientOptions
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 8883 : 1883) : uri.Port,
            ProtocolVersion = source.ProtocolVersion == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            ClientId = string.IsNullOrWhiteSpace(source.ClientId) ? $"tg-{gatewayId}" : source.ClientId,
            CleanStart = false,
            SessionExpirySeconds = (uint)Math.Clamp(source.SessionExpiry.TotalSeconds, 1, uint.MaxValue),
            KeepAlive = source.KeepAlive,
            UserName = source.UserName,
            Password = source.Password is null ? null : System.Text.Encoding.UTF8.GetBytes(source.Password),
            Tls = tlsOptions,
            Subscriptions = [.. source.Topics.Select(t => new MqttSubscription(t, qos))],
            // Messages of a burst commit to the buffer together (one fsync) instead of one after another; each is
            // still acknowledged only after its own commit, in order.
            MaximumConcurrentDeliveries = 64,
            TimeProvider = time,
        };
    }
}
