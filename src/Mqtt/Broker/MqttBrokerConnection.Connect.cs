using TelemetryGateway.Mqtt.Packets;

namespace TelemetryGateway.Mqtt.Broker;

/// <summary>CONNECT: limits, client identifier, authentication, session, CONNACK.</summary>
internal sealed partial class MqttBrokerConnection
{
    private bool HandleConnect(ConnectPacket connect)
    {
        _version = connect.ProtocolVersion;
        var options = _broker.Options;
        if (_overLimit)
        {
            // 5.0 §3.2.2.2: 0x97 Quota exceeded; 3.1.1 has only "server unavailable" (3).
            return Refuse(MqttReasonCode.QuotaExceeded, "connection_limit", "too many connections");
        }

        if (IsV5 && connect.Properties?.AuthenticationMethod is not null)
        {
            // 5.0 §3.1.2.11.9: enhanced authentication is not offered.
            return Refuse(MqttReasonCode.BadAuthenticationMethod, "authentication_method", "enhanced authentication not supported");
        }

        var clientId = connect.ClientId;
        string? assigned = null;
        if (clientId.Length == 0)
        {
            // 3.1.1 §3.1.3.1: an empty id needs Clean Session 1, else return code 2.
            if (!IsV5 && !connect.CleanStart)
            {
                return Refuse(MqttReasonCode.ClientIdentifierNotValid, "client_id", "empty client id with Clean Session 0");
            }

            clientId = assigned = "tg-" + Guid.NewGuid().ToString("N");
        }

        _clientId = clientId;
        var verdict = _broker.Access.Authenticate(connect.UserName, connect.Password, _certificateUserName);
        if (verdict != MqttReasonCode.Success)
        {
            return verdict == MqttReasonCode.NotAuthorized
                ? Refuse(verdict, "anonymous", "anonymous clients are not allowed")
                : Refuse(verdict, "bad_credentials", $"bad user name or password for '{connect.UserName}'");
        }

        _userName = _certificateUserName ?? connect.UserName;
        _keepAliveSeconds = connect.KeepAliveSeconds;
        _will = connect.Will;
        if (connect.Properties?.MaximumPacketSize is { } maximum)
        {
            _clientMaximumPacketSize = maximum;
        }

        var requested = IsV5
            ? connect.Properties?.SessionExpiryInterval ?? 0
            : connect.CleanStart ? 0 : (uint)Math.Min(options.PersistentSessionExpiry.TotalSeconds, uint.MaxValue - 1);
        var expiry = IsV5 ? CapExpiry(requested) : requested;
        var (session, present, previous) = _broker.OpenSession(clientId, connect.CleanStart, expiry, _userName, this);
        previous?.TakeOver();
        _session = session;

        MqttProperties? properties = null;
        if (IsV5)
        {
            // 5.0 §3.2.2.3: what this server supports; absent Topic Alias Maximum means 0.
            properties = new MqttProperties
            {
                ReceiveMaximum = options.MaximumInFlight,
                MaximumPacketSize = (uint)options.MaximumPacketSize,
                SubscriptionIdentifierAvailable = 0,
                SharedSubscriptionAvailable = 0,
                AssignedClientIdentifier = assigned,
                SessionExpiryInterval = expiry != requested ? expiry : null,
            };
        }

        Send(new ConnAckPacket { SessionPresent = present, ReasonCode = MqttReasonCode.Success, Properties = properties });
        // After CONNACK: re-deliveries and queued messages follow it (5.0 §4.4).
        var clientReceiveMaximum = connect.Properties?.ReceiveMaximum ?? ushort.MaxValue;
        session.Attach(this, Math.Min((int)clientReceiveMaximum, options.MaximumInFlight));
        MqttBrokerLog.ClientConnected(_broker.Logger, clientId, Remote, _version, connect.CleanStart, present);
        return true;
    }

    /// <summary>5.0 §3.2.2.3.2: the server may lower the Session Expiry Interval and says so in CONNACK.</summary>
    private uint CapExpiry(uint requested)
    {
        var maximum = (uint)Math.Min(_broker.Options.MaximumSessionExpiry.TotalSeconds, uint.MaxValue - 1);
        return Math.Min(requested, maximum);
    }

    private bool Refuse(MqttReasonCode code, string counter, string reason)
    {
        Metrics.Refused(counter);
        MqttBrokerLog.ConnectRefused(_broker.Logger, Remote, reason);
        // 3.1.1 §3.2.2.3 / 5.0 §3.2.2.2: CONNACK with the code, then close; the codec maps
        // 5.0 reasons onto 3.1.1 return codes (0x87 → 5, 0x86 → 4, 0x97 → 3).
        _connection?.TrySend(new ConnAckPacket { ReasonCode = code });
        _closeHow = reason;
        return false;
    }
}
