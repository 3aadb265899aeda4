using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// Subscriptions indexed by topic level, so a PUBLISH visits only the branches its topic
/// can match instead of every filter (MQTT 5.0 §4.7). '+' matches exactly one level, '#'
/// the parent level and every level below (§4.7.1.2), and neither matches a first level
/// beginning with '$' (§4.7.2). Thread-safe; matching takes a shared lock.
/// </summary>
/// <typeparam name="TSubscriber">Who subscribed (a session); compared by reference.</typeparam>
public sealed class MqttSubscriptionTree<TSubscriber>
    where TSubscriber : class
{
    private readonly Node _root = new(null, "");
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Adds or replaces the subscriber's subscription to <paramref name="subscription"/>'s filter.
    /// Returns false when it replaced an existing one (§3.8.4: "replaced … not a new subscription").</summary>
    public bool Add(TSubscriber subscriber, MqttSubscription subscription)
    {
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in subscription.TopicFilter.Split('/'))
            {
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(level, out var child))
                {
                    child = new Node(node, level);
                    node.Children.Add(level, child);
                }

                node = child;
            }

            node.Subscribers ??= new Dictionary<TSubscriber, MqttSubscription>(ReferenceEqualityComparer.Instance);
            var added = !node.Subscribers.ContainsKey(subscriber);
            node.Subscribers[subscriber] = subscription;
            return added;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes one subscription; false when there was none (5.0 UNSUBACK 0x11).</summary>
    public bool Remove(TSubscriber subscriber, string topicFilter)
    {
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in topicFilter.Split('/'))
            {
                if (node.Children is null || !node.Children.TryGetValue(level, out node))
                {
                    return false;
                }
            }

            if (node.Subscribers is null || !node.Subscribers.Remove(subscriber))
            {
                return false;
            }

            Prune(node);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Every subscription of every subscriber whose filter matches <paramref name="topic"/>.</summary>
    public void Match(string topic, List<KeyValuePair<TSubscriber, MqttSubscription>> results)
    {
        _lock.EnterReadLock();
        try
        {
            // §4.7.2: "$SYS/…" is not matched by a filter that starts with a wildcard.
            var dollar = topic.StartsWith('$');
            Match(_root, topic, 0, results, wildcardsAllowed: !dollar);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Number of filters held, for tests and metrics.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return CountBelow(_root);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <param name="start">Index in <paramref name="topic"/> where the current level begins.</param>
    private static void Match(Node node, string topic, int start, List<KeyValuePair<TSubscriber, MqttSubscription>> results,
        bool wildcardsAllowed)
    {
        var children = node.Children;
        if (children is null)
        {
            return;
        }

        if (wildcardsAllowed && children.TryGetValue("#", out var multi))
        {
            AddAll(multi, results);
        }

        var end = topic.IndexOf('/', start);
        var level = end < 0 ? topic.AsSpan(start) : topic.AsSpan(start, end - start);
        var lookup = children.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(level, out var exact))
        {
            Descend(exact, topic, end, results);
        }

        if (wildcardsAllowed && children.TryGetValue("+", out var single))
        {
            Descend(single, topic, end, results);
        }
    }

    private static void Descend(Node child, string topic, int end, List<KeyValuePair<TSubscriber, MqttSubscription>> results)
    {
        if (end < 0)
        {
            // Last level consumed: the filter ends here, or continues with "/#" which also
            // matches the parent level (§4.7.1.2: "sport/#" matches "sport").
            AddAll(child, results);
            if (child.Children is not null && child.Children.TryGetValue("#", out var parentMatch))
            {
                AddAll(parentMatch, results);
            }

            return;
        }

        Match(child, topic, end + 1, results, wildcardsAllowed: true);
    }

    private static void AddAll(Node node, List<KeyValuePair<TSubscriber, MqttSubscription>> results)
    {
        if (node.Subscribers is not null)
        {
            results.AddRange(node.Subscribers);
        }
    }

    private static void Prune(Node node)
    {
        while (node.Parent is { } parent && node.Subscribers is not { Count: > 0 } && node.Children is not { Count: > 0 })
        {
            parent.Children!.Remove(node.Level);
            node = parent;
        }
    }

    private static int CountBelow(Node node)
    {
        var count = node.Subscribers?.Count ?? 0;
        if (node.Children is not null)
        {
            foreach (var child in node.Children.Values)
            {
                count += CountBelow(child);
            }
        }

        return count;
    }

    private sealed class Node(Node? parent, string level)
    {
        public Node? Parent { get; } = parent;

        public string Level { get; } = level;

        public Dictionary<string, Node>? Children { get; set; }

        public Dictionary<TSubscriber, MqttSubscription>? Subscribers { get; set; }
    }
}
