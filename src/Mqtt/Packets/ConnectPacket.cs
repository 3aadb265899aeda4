namespace TelemetryGateway.Mqtt.Packets;

/// <summary>CONNECT (MQTT 3.1.1 §3.1, MQTT 5.0 §3.1).</summary>
public sealed class ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    /// <summary>Protocol level (§3.1.2.2); decides how every later packet of the connection is read.</summary>
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>May be empty: the server then assigns one (§3.1.3.1).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Clean Session (3.1.1 §3.1.2.4) / Clean Start (5.0 §3.1.2.4).</summary>
    public bool CleanStart { get; init; } = true;

    /// <summary>Seconds; 0 turns the keep-alive mechanism off (§3.1.2.10).</summary>
    public ushort KeepAliveSeconds { get; init; }

    public string? UserName { get; init; }

    public byte[]? Password { get; init; }

    public MqttWill? Will { get; init; }

    /// <summary>CONNECT properties (5.0 §3.1.2.11); null when there are none.</summary>
    public MqttProperties? Properties { get; init; }
}

/// <summary>The Will Message of a CONNECT (MQTT 5.0 §3.1.2.5, §3.1.3.2–§3.1.3.4).</summary>
public sealed class MqttWill
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>Will properties (5.0 §3.1.3.2); null when there are none.</summary>
    public MqttProperties? Properties { get; init; }
}

/// <summary>CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2).</summary>
public sealed class ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    /// <summary>Session Present flag (§3.2.2.1.1).</summary>
    public bool SessionPresent { get; init; }

    /// <summary>5.0 reason code; a 3.1.1 return code is mapped (see <see cref="MqttReasonCodes"/>).</summary>
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>DISCONNECT (MQTT 3.1.1 §3.14, MQTT 5.0 §3.14).</summary>
public sealed class DisconnectPacket : MqttPacket
{
    public static readonly DisconnectPacket Normal = new();

    public override MqttPacketType Type => MqttPacketType.Disconnect;

    /// <summary>5.0 only (§3.14.2.1); absent means Normal disconnection.</summary>
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>AUTH (MQTT 5.0 §3.15), enhanced authentication; not part of 3.1.1.</summary>
public sealed class AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;

    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}
