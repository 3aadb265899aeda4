using System.Threading.Channels;

namespace TelemetryGateway.Gateway.Uplink;

/// <summary>
/// Wakes the uplink's sender: new readings were committed (with a hint which band has work) or an ack freed
/// a slot. A bounded channel of one token is the wait handle: signals while the sender is busy collapse into
/// one, and a signal given between the sender's last look and its wait is never lost.
/// </summary>
internal sealed class WorkSignal
{
    private readonly Channel<bool> _tokens = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int _urgentHint = 1;
    private int _bulkHint = 1;

    /// <summary>Readings were committed: <paramref name="urgent"/> live vitals or alerts, <paramref name="bulk"/> back-fill.</summary>
    public void Committed(bool urgent, bool bulk)
    {
        if (urgent)
        {
            Volatile.Write(ref _urgentHint, 1);
        }

        if (bulk)
        {
            Volatile.Write(ref _bulkHint, 1);
        }

        _tokens.Writer.TryWrite(true);
    }

    /// <summary>Something other than new data changed (an ack freed a slot, a status is due).</summary>
    public void Wake() => _tokens.Writer.TryWrite(true);

    /// <summary>Claims the hint that the urgent band may have unread items (and clears it).</summary>
    public bool TakeUrgentHint() => Interlocked.Exchange(ref _urgentHint, 0) != 0;

    /// <summary>Claims the hint that the bulk band may have unread items (and clears it).</summary>
    public bool TakeBulkHint() => Interlocked.Exchange(ref _bulkHint, 0) != 0;

    /// <summary>Sets both hints: after a reconnect, a full batch, or the safety timer.</summary>
    public void HintAll()
    {
        Volatile.Write(ref _urgentHint, 1);
        Volatile.Write(ref _bulkHint, 1);
    }

    public void HintUrgent() => Volatile.Write(ref _urgentHint, 1);

    public void HintBulk() => Volatile.Write(ref _bulkHint, 1);

    /// <summary>Waits for a signal; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (_tokens.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _tokens.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
