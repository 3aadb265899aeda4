namespace TelemetryGateway.Mqtt.Packets;

/// <summary>
/// MQTT 5.0 reason codes (§2.4, table 2-6). MQTT 3.1.1 CONNACK return codes and SUBACK
/// return codes are mapped onto these by the codec so that client and broker speak one
/// vocabulary whatever the protocol level.
/// </summary>
public enum MqttReasonCode : byte
{
    Success = 0x00,

    /// <summary>Same value as <see cref="Success"/>: the name used in DISCONNECT.</summary>
    NormalDisconnection = 0x00,

    /// <summary>Same value as <see cref="Success"/>: the name used in SUBACK.</summary>
    GrantedQoS0 = 0x00,
    GrantedQoS1 = 0x01,
    GrantedQoS2 = 0x02,
    DisconnectWithWillMessage = 0x04,
    NoMatchingSubscribers = 0x10,
    NoSubscriptionExisted = 0x11,
    ContinueAuthentication = 0x18,
    ReAuthenticate = 0x19,
    UnspecifiedError = 0x80,
    MalformedPacket = 0x81,
    ProtocolError = 0x82,
    ImplementationSpecificError = 0x83,
    UnsupportedProtocolVersion = 0x84,
    ClientIdentifierNotValid = 0x85,
    BadUserNameOrPassword = 0x86,
    NotAuthorized = 0x87,
    ServerUnavailable = 0x88,
    ServerBusy = 0x89,
    Banned = 0x8A,
    ServerShuttingDown = 0x8B,
    BadAuthenticationMethod = 0x8C,
    KeepAliveTimeout = 0x8D,
    SessionTakenOver = 0x8E,
    TopicFilterInvalid = 0x8F,
    TopicNameInvalid = 0x90,
    PacketIdentifierInUse = 0x91,
    PacketIdentifierNotFound = 0x92,
    ReceiveMaximumExceeded = 0x93,
    TopicAliasInvalid = 0x94,
    PacketTooLarge = 0x95,
    MessageRateTooHigh = 0x96,
    QuotaExceeded = 0x97,
    AdministrativeAction = 0x98,
    PayloadFormatInvalid = 0x99,
    RetainNotSupported = 0x9A,
    QoSNotSupported = 0x9B,
    UseAnotherServer = 0x9C,
    ServerMoved = 0x9D,
    SharedSubscriptionsNotSupported = 0x9E,
    ConnectionRateExceeded = 0x9F,
    MaximumConnectTime = 0xA0,
    SubscriptionIdentifiersNotSupported = 0xA1,
    WildcardSubscriptionsNotSupported = 0xA2,
}

/// <summary>Helpers for reason codes.</summary>
public static class MqttReasonCodes
{
    /// <summary>"Reason Code values of 0x80 or greater indicate failure" (MQTT 5.0 §2.4).</summary>
    public static bool IsFailure(this MqttReasonCode code) => (byte)code >= 0x80;

    /// <summary>
    /// MQTT 3.1.1 §3.2.2.3 CONNACK return code → MQTT 5.0 reason code.
    /// </summary>
    public static MqttReasonCode FromV311ConnectReturnCode(byte returnCode) => returnCode switch
    {
        0 => MqttReasonCode.Success,
        1 => MqttReasonCode.UnsupportedProtocolVersion,
        2 => MqttReasonCode.ClientIdentifierNotValid,
        3 => MqttReasonCode.ServerUnavailable,
        4 => MqttReasonCode.BadUserNameOrPassword,
        5 => MqttReasonCode.NotAuthorized,
        _ => throw new MqttProtocolException(MqttReasonCode.MalformedPacket,
            $"CONNACK return code {returnCode} is reserved (MQTT 3.1.1 §3.2.2.3)"),
    };

    /// <summary>
    /// MQTT 5.0 reason code → the closest MQTT 3.1.1 CONNACK return code (§3.2.2.3);
    /// failures without an equivalent become "server unavailable" (3).
    /// </summary>
    public static byte ToV311ConnectReturnCode(MqttReasonCode code) => code switch
    {
        MqttReasonCode.Success => 0,
        MqttReasonCode.UnsupportedProtocolVersion => 1,
        MqttReasonCode.ClientIdentifierNotValid => 2,
        MqttReasonCode.BadUserNameOrPassword or MqttReasonCode.BadAuthenticationMethod => 4,
        MqttReasonCode.NotAuthorized or MqttReasonCode.Banned => 5,
        _ => 3,
    };
}
