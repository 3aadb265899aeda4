namespace TelemetryGateway.Grpc.Server;

public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, after decompression; larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Internal.GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message a handler may send; larger → RESOURCE_EXHAUSTED.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Include exception messages in grpc-message for unhandled handler errors (development only).</summary>
    public bool EnableDetailedErrors { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
