namespace TelemetryGateway.Gateway.Uplink;

/// <summary>Where the uplink to the hub stands; exported as gateway_uplink_state and in /healthz.</summary>
public enum UplinkState
{
    /// <summary>Opening the stream and waiting for Welcome.</summary>
    Connecting = 0,

    /// <summary>Welcomed: sending batches and applying acks.</summary>
    Connected = 1,

    /// <summary>The last attempt failed; waiting before the next.</summary>
    BackingOff = 2,

    /// <summary>The hub refused the gateway's credentials; retrying at the maximum delay, still buffering.</summary>
    Unauthenticated = 3,

    /// <summary>The gateway is shutting down.</summary>
    Stopped = 4,
}

public static class UplinkStateNames
{
    /// <summary>The label used in /healthz and metrics, e.g. "backing-off".</summary>
    public static string ToLabel(this UplinkState state) => state switch
    {
        UplinkState.Connecting => "connecting",
        UplinkState.Connected => "connected",
        UplinkState.BackingOff => "backing-off",
        UplinkState.Unauthenticated => "unauthenticated",
        _ => "stopped",
    };
}
