namespace TelemetryGateway.Gateway.Uplink;

/// <summary>
/// A broadcast "something happened": every waiter of <see cref="WaitAsync"/> is released by the next
/// <see cref="Notify"/>. Used to wait for acks (drain) without polling.
/// </summary>
internal sealed class Pulse
{
    private TaskCompletionSource _next = NewSource();

    public Task WaitAsync(CancellationToken ct) => Volatile.Read(ref _next).Task.WaitAsync(ct);

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
