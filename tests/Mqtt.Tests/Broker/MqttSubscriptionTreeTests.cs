using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>Topic matching of the subscription tree, with the examples of MQTT 5.0 §4.7.1 and §4.7.2.</summary>
public sealed class MqttSubscriptionTreeTests
{
    [Theory]
    // §4.7.1.2 examples of '#'.
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    // §4.7.1.3 examples of '+'.
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player2", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    // §4.7.2: wildcards at the first level do not match topics starting with '$'.
    [InlineData("#", "$SYS/broker/clients", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/broker/clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    // Case matters and levels are exact.
    [InlineData("ambulance/+/+/vitals", "ambulance/A12/monitor1/vitals", true)]
    [InlineData("ambulance/+/+/vitals", "Ambulance/A12/monitor1/vitals", false)]
    [InlineData("a//b", "a//b", true)]
    [InlineData("a/+/b", "a//b", true)]
    public void MatchesLikeTheSpecification(string filter, string topic, bool expected)
    {
        var tree = new MqttSubscriptionTree<object>();
        var subscriber = new object();
        tree.Add(subscriber, new MqttSubscription(filter, MqttQualityOfService.AtLeastOnce));
        var matches = new List<KeyValuePair<object, MqttSubscription>>();
        tree.Match(topic, matches);
        Assert.Equal(expected, matches.Count == 1);
        // The codec's single-filter matcher agrees with the tree.
        Assert.Equal(expected, MqttTopic.Matches(filter, topic));
    }

    [Fact]
    public void ReplacesRemovesAndPrunes()
    {
        var tree = new MqttSubscriptionTree<object>();
        var a = new object();
        var b = new object();
        Assert.True(tree.Add(a, new MqttSubscription("x/+/z", MqttQualityOfService.AtMostOnce)));
        Assert.False(tree.Add(a, new MqttSubscription("x/+/z", MqttQualityOfService.ExactlyOnce)));
        Assert.True(tree.Add(b, new MqttSubscription("x/#", MqttQualityOfService.AtLeastOnce)));
        var matches = new List<KeyValuePair<object, MqttSubscription>>();
        tree.Match("x/y/z", matches);
        Assert.Equal(2, matches.Count);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, matches.Single(m => m.Key == a).Value.MaximumQualityOfService);

        Assert.True(tree.Remove(a, "x/+/z"));
        Assert.False(tree.Remove(a, "x/+/z"));
        Assert.False(tree.Remove(b, "x/+"));
        Assert.Equal(1, tree.Count);
        matches.Clear();
        tree.Match("x/y/z", matches);
        Assert.Same(b, Assert.Single(matches).Key);
    }
}
