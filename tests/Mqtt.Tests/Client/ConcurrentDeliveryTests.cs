using System.Text;
using TelemetryGateway.Mqtt.Client;
using TelemetryGateway.Mqtt.Packets;
using TelemetryGateway.Mqtt.Tests.Infrastructure;

namespace TelemetryGateway.Mqtt.Tests.Client;

/// <summary>
/// MaximumConcurrentDeliveries above one (what the gateway uses, so that a burst shares one buffer commit):
/// handlers overlap, yet each QoS 1 message is acknowledged only after its own handler returned, in order.
/// </summary>
public sealed class ConcurrentDeliveryTests
{
    private static MqttClientOptions Options(MosquittoBroker broker) => ClientHarness.Options(broker, MqttProtocolVersion.V311) with
    {
        CleanStart = false,
        MaximumConcurrentDeliveries = 8,
    };

    [Fact]
    public async Task Handlers_overlap_and_every_message_is_acknowledged_once_in_order()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var active = 0;
        var mostActive = 0;
        var started = new List<string>();
        await using var client = await ClientHarness.ConnectAsync(Options(broker), async message =>
        {
            var now = Interlocked.Increment(ref active);
            lock (started)
            {
                started.Add(Encoding.UTF8.GetString(message.Payload.Span));
                mostActive = Math.Max(mostActive, now);
            }
            // Later messages finish first now and then: the acknowledgements must still leave in order.
            await Task.Delay(Random.Shared.Next(0, 6));
            Interlocked.Decrement(ref active);
        });
        await client.SubscribeAsync("burst/#", MqttQualityOfService.AtLeastOnce);

        var lines = Enumerable.Range(0, 300).Select(i => $"m{i:D3}").ToList();
        await MosquittoClients.PublishLinesAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V311), "burst/x", lines, MqttQualityOfService.AtLeastOnce);

        var received = await client.NextAsync(lines.Count);
        Assert.Equal(lines, started);                      // handed over in arrival order
        Assert.All(received, m => Assert.False(m.Duplicate)); // each acknowledged the first time: no redelivery
        await client.AssertQuietAsync(TimeSpan.FromMilliseconds(500));
        Assert.True(mostActive > 1, "the handlers never overlapped");
        Assert.Equal(lines.Count, client.Client.Counters.MessagesReceived);
    }

    [Fact]
    public async Task A_failed_handler_leaves_its_message_and_the_later_ones_to_be_delivered_again()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var failed = 0;
        await using var client = await ClientHarness.ConnectAsync(Options(broker), async message =>
        {
            await Task.Yield();
            if (Encoding.UTF8.GetString(message.Payload.Span) == "m040" && Interlocked.Exchange(ref failed, 1) == 0)
            {
                throw new IOException("disk full");
            }
        });
        await client.SubscribeAsync("fail/#", MqttQualityOfService.AtLeastOnce);

        var lines = Enumerable.Range(0, 100).Select(i => $"m{i:D3}").ToList();
        await MosquittoClients.PublishLinesAsync(MosquittoEndpoint.Plain(broker, MqttProtocolVersion.V311), "fail/x", lines, MqttQualityOfService.AtLeastOnce);

        // Everything arrives; m040 only on its redelivery. Messages after it may arrive twice (handled, not acknowledged).
        await client.WaitUntilAsync(() => client.All.Select(m => Encoding.UTF8.GetString(m.Payload.Span)).Distinct().Count() == lines.Count, "every message");
        var texts = client.All.Select(m => Encoding.UTF8.GetString(m.Payload.Span)).ToList();
        Assert.Equal(lines, texts.Distinct().Order(StringComparer.Ordinal));
        Assert.Single(texts, "m040");
        Assert.All(texts.Take(40), t => Assert.Equal(1, texts.Count(x => x == t))); // before the failure: acknowledged, once
        Assert.Equal(1, client.Client.Counters.HandlerFailures);
    }
}
