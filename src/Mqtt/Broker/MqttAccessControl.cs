using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>
/// Who may connect (user name and password, or anonymous when allowed) and who may read or
/// write which topic. Built once from <see cref="MqttBrokerOptions"/>; thread-safe (read-only).
/// </summary>
public sealed class MqttAccessControl
{
    private readonly Dictionary<string, string> _passwordHashes;
    private readonly MqttAclRule[] _rules;
    private readonly bool _allowAnonymous;

    public MqttAccessControl(MqttBrokerOptions options)
    {
        _allowAnonymous = options.AllowAnonymous;
        _passwordHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in options.Users)
        {
            if (string.IsNullOrEmpty(user.UserName) || !MqttPasswordHash.IsHash(user.PasswordHash))
            {
                throw new ArgumentException(
                    $"MQTT user '{user.UserName}' needs a name and a pbkdf2-sha256 password hash (tg hash-secret makes one)");
            }

            _passwordHashes[user.UserName] = user.PasswordHash;
        }

        foreach (var rule in options.Acl)
        {
            if (!MqttTopic.IsValidTopicFilter(rule.Topic))
            {
                throw new ArgumentException($"MQTT ACL topic '{rule.Topic}' is not a valid topic filter (MQTT 5.0 §4.7)");
            }
        }

        _rules = [.. options.Acl];
    }

    /// <summary>
    /// Decides a CONNECT: 0x00 admitted, 0x86 bad user name or password, 0x87 not authorized
    /// (anonymous refused). <paramref name="certificateUserName"/> is a TLS-authenticated identity.
    /// </summary>
    public MqttReasonCode Authenticate(string? userName, ReadOnlySpan<byte> password, string? certificateUserName)
    {
        if (certificateUserName is not null)
        {
            return MqttReasonCode.Success;
        }

        if (userName is null)
        {
            return _allowAnonymous ? MqttReasonCode.Success : MqttReasonCode.NotAuthorized;
        }

        return _passwordHashes.TryGetValue(userName, out var hash) && MqttPasswordHash.Verify(password, hash)
            ? MqttReasonCode.Success
            : MqttReasonCode.BadUserNameOrPassword;
    }

    public bool CanWrite(string? userName, string clientId, string topic) =>
        IsGranted(userName, clientId, topic, MqttAccess.Write);

    public bool CanRead(string? userName, string clientId, string topic) =>
        IsGranted(userName, clientId, topic, MqttAccess.Read);

    private bool IsGranted(string? userName, string clientId, string topic, MqttAccess access)
    {
        if (_rules.Length == 0)
        {
            return true;
        }

        foreach (var rule in _rules)
        {
            if ((rule.Access & access) == 0 || (rule.UserName is not null && rule.UserName != userName))
            {
                continue;
            }

            var pattern = rule.Topic;
            if (pattern.Contains('%'))
            {
                // A pattern naming the user cannot grant anything to an anonymous client, and a
                // name holding '/', '+' or '#' would widen the pattern beyond the client's own subtree.
                if ((pattern.Contains("%u", StringComparison.Ordinal) && (userName is null || IsUnsafeLevel(userName)))
                    || (pattern.Contains("%c", StringComparison.Ordinal) && IsUnsafeLevel(clientId)))
                {
                    continue;
                }

                pattern = pattern.Replace("%u", userName, StringComparison.Ordinal)
                    .Replace("%c", clientId, StringComparison.Ordinal);
            }

            if (MqttTopic.Matches(pattern, topic))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafeLevel(string value) => value.AsSpan().IndexOfAny("/+#") >= 0;
}
