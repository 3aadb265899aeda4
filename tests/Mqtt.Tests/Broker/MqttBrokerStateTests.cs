using System.Text;
using TelemetryGateway.Mqtt.Broker;
using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Tests.Broker;

/// <summary>Retained store, password hashes and ACL decisions, without a network.</summary>
public sealed class MqttBrokerStateTests
{
    private static MqttApplicationMessage Message(string topic, string payload) =>
        new() { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), Retain = true, QualityOfService = MqttQualityOfService.AtLeastOnce };

    [Fact]
    public void RetainedMessagesAreReplacedDeletedByEmptyPayloadAndBounded()
    {
        var store = new MqttRetainedStore(capacity: 2);
        Assert.True(store.Set(Message("a/1", "one")));
        Assert.True(store.Set(Message("a/1", "uno")));
        Assert.True(store.Set(Message("a/2", "two")));
        Assert.False(store.Set(Message("a/3", "three")));
        Assert.Equal(["a/1 uno", "a/2 two"], store.Match("a/+").Select(m => $"{m.Topic} {Encoding.UTF8.GetString(m.Payload.Span)}"));

        // §3.3.1.3: an empty retained payload removes the topic's retained message.
        Assert.True(store.Set(Message("a/1", "")));
        Assert.Equal(["a/2"], store.Match("#").Select(m => m.Topic));
        Assert.Empty(store.Match("a/1"));
        Assert.True(store.Set(Message("a/3", "three")));
    }

    [Fact]
    public void PasswordsVerifyOnlyAgainstTheirHash()
    {
        var hash = MqttPasswordHash.Hash("s3cret");
        Assert.StartsWith("pbkdf2-sha256$100000$", hash, StringComparison.Ordinal);
        Assert.True(MqttPasswordHash.Verify("s3cret"u8, hash));
        Assert.False(MqttPasswordHash.Verify("s3cret "u8, hash));
        Assert.False(MqttPasswordHash.Verify(""u8, hash));
        Assert.False(MqttPasswordHash.Verify("s3cret"u8, "plain-text"));
    }

    [Fact]
    public void AuthenticationAndAclFollowTheRules()
    {
        var options = new MqttBrokerOptions
        {
            Users = [new MqttBrokerUser { UserName = "medic", PasswordHash = MqttPasswordHash.Hash("s3cret") }],
            Acl =
            [
                new MqttAclRule { UserName = "medic", Topic = "ambulance/#", Access = MqttAccess.ReadWrite },
                new MqttAclRule { Topic = "public/+", Access = MqttAccess.Read },
                new MqttAclRule { Topic = "clients/%c/#", Access = MqttAccess.Write },
                new MqttAclRule { Topic = "users/%u", Access = MqttAccess.ReadWrite },
            ],
        };
        var access = new MqttAccessControl(options);
        Assert.Equal(MqttReasonCode.Success, access.Authenticate("medic", "s3cret"u8, null));
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, access.Authenticate("medic", "wrong"u8, null));
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, access.Authenticate("nobody", "s3cret"u8, null));
        Assert.Equal(MqttReasonCode.NotAuthorized, access.Authenticate(null, default, null));
        Assert.Equal(MqttReasonCode.Success, access.Authenticate(null, default, certificateUserName: "cn"));

        Assert.True(access.CanWrite("medic", "m1", "ambulance/A1/vitals"));
        Assert.False(access.CanWrite("other", "m1", "ambulance/A1/vitals"));
        Assert.True(access.CanRead(null, "x", "public/news"));
        Assert.False(access.CanWrite(null, "x", "public/news"));
        Assert.True(access.CanWrite(null, "dev7", "clients/dev7/status"));
        Assert.False(access.CanWrite(null, "dev7", "clients/dev8/status"));
        Assert.True(access.CanRead("medic", "m1", "users/medic"));
        Assert.False(access.CanRead(null, "m1", "users/medic"));
        // A user name with a wildcard must not widen a %u pattern.
        Assert.False(access.CanRead("#", "m1", "users/medic"));

        Assert.True(new MqttAccessControl(new MqttBrokerOptions()).CanWrite(null, "c", "any/topic"));
        Assert.Equal(MqttReasonCode.Success,
            new MqttAccessControl(new MqttBrokerOptions { AllowAnonymous = true }).Authenticate(null, default, null));
    }
}
