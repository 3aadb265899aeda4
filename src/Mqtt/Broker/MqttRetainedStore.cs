using System.Collections.Concurrent;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// The last retained message of each topic (MQTT 5.0 §3.3.1.3): a new one replaces it, one
/// with an empty payload deletes it, and a new subscription receives those its filter matches.
/// </summary>
internal sealed class MqttRetainedStore
{
    private readonly ConcurrentDictionary<string, MqttApplicationMessage> _messages = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public MqttRetainedStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public int Count => _messages.Count;

    /// <summary>Stores, replaces or (empty payload) deletes. False when a new topic would exceed the capacity.</summary>
    public bool Set(MqttApplicationMessage message)
    {
        if (message.Payload.IsEmpty)
        {
            // §3.3.1.3: "a zero byte retained message … removes any existing retained message".
            _messages.TryRemove(message.Topic, out _);
            return true;
        }

        if (_messages.ContainsKey(message.Topic) || _messages.Count < _capacity)
        {
            _messages[message.Topic] = message;
            return true;
        }

        return false;
    }

    /// <summary>The retained messages a new subscription to <paramref name="topicFilter"/> receives, topic order.</summary>
    public List<MqttApplicationMessage> Match(string topicFilter)
    {
        var matches = new List<MqttApplicationMessage>();
        if (MqttTopic.HasNoWildcards(topicFilter))
        {
            if (_messages.TryGetValue(topicFilter, out var exact))
            {
                matches.Add(exact);
            }

            return matches;
        }

        foreach (var (topic, message) in _messages)
        {
            if (MqttTopic.Matches(topicFilter, topic))
            {
                matches.Add(message);
            }
        }

        matches.Sort(static (a, b) => string.CompareOrdinal(a.Topic, b.Topic));
        return matches;
    }
}
