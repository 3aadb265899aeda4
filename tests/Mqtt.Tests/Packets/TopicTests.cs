using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Packets;

/// <summary>Examples of MQTT 5.0 §4.7.1 and §4.7.2 (identical in 3.1.1 §4.7).</summary>
public sealed class TopicTests
{
    [Theory]
    [InlineData("sport/tennis/player1/#", true)]
    [InlineData("sport/#", true)]
    [InlineData("#", true)]
    [InlineData("sport/tennis#", false)]
    [InlineData("sport/tennis/#/ranking", false)]
    [InlineData("+", true)]
    [InlineData("+/tennis/#", true)]
    [InlineData("sport+", false)]
    [InlineData("sport/+/player1", true)]
    [InlineData("/finance", true)]
    [InlineData("+/+", true)]
    [InlineData("/+", true)]
    [InlineData("", false)]
    public void FilterValidity(string filter, bool valid) => Assert.Equal(valid, MqttTopic.IsValidTopicFilter(filter));

    [Theory]
    [InlineData("sport/tennis/player1", true)]
    [InlineData("/", true)]
    [InlineData("sport/+", false)]
    [InlineData("sport/#", false)]
    [InlineData("", false)]
    public void NameValidity(string topic, bool valid) => Assert.Equal(valid, MqttTopic.IsValidTopicName(topic));

    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("ambulance/+/+/vitals", "ambulance/A7/m1/vitals", true)]
    [InlineData("ambulance/A7", "ambulance/A8", false)]
    [InlineData("a/b", "a/b/c", false)]
    public void Matching(string filter, string topic, bool matches) => Assert.Equal(matches, MqttTopic.Matches(filter, topic));
}
