using System.Threading.Channels;
using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.SeriesStore.Internal;

/// <summary>One caller's batch waiting for a store's single writer loop (SQLite, and the line-protocol
/// stores' BatchWriter), and the task the caller awaits.</summary>
internal sealed class WriteRequest(IReadOnlyList<Reading> readings, IdempotencyKey[] keys, string gatewayId, CancellationToken cancellation)
{
    public IReadOnlyList<Reading> Readings { get; } = readings;

    /// <summary>The key of each reading, computed (and each reading checked) before queueing.</summary>
    public IdempotencyKey[] Keys { get; } = keys;

    public string GatewayId { get; } = gatewayId;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Completed only after the commit that made the batch durable, or with the reason it was not stored.</summary>
    public TaskCompletionSource<StoreWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome once inserted inside the open transaction; reported only after it commits.</summary>
    public StoreWriteResult Result { get; set; }

    /// <summary>First key that named a different stored measurement, for the log.</summary>
    public IdempotencyKey? FirstConflict { get; set; }

    /// <summary>Queues a checked batch for the writer loop and returns the task its caller awaits; an empty
    /// batch completes at once with nothing written, a cancelled one as cancelled.</summary>
    /// <param name="owner">Named by the <see cref="ObjectDisposedException"/> when the queue is closed.</param>
    public static Task<StoreWriteResult> Enqueue(
        ChannelWriter<WriteRequest> queue, IReadOnlyList<Reading> readings, IdempotencyKey[] keys, string gatewayId, string? owner, CancellationToken cancellationToken)
    {
        if (keys.Length == 0)
        {
            return Task.FromResult(default(StoreWriteResult));
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StoreWriteResult>(cancellationToken);
        }
        var request = new WriteRequest(readings, keys, gatewayId, cancellationToken);
        if (!queue.TryWrite(request))
        {
            throw new ObjectDisposedException(owner);
        }
        return request.Completion.Task;
    }

    /// <summary>Moves queued requests into <paramref name="group"/> while they fit in <paramref name="max"/>
    /// readings (a request is never split; a larger one goes alone into an empty group); a request whose
    /// caller cancelled meanwhile is completed as cancelled instead. <paramref name="readings"/> counts the group.</summary>
    public static void TakeFitting(ChannelReader<WriteRequest> reader, List<WriteRequest> group, ref int readings, int max)
    {
        while (reader.TryPeek(out var next)
            && (group.Count == 0 || readings + next.Keys.Length <= max)
            && reader.TryRead(out next))
        {
            if (next.Cancellation.IsCancellationRequested)
            {
                next.Completion.TrySetCanceled(next.Cancellation);
                continue;
            }
            group.Add(next);
            readings += next.Keys.Length;
        }
    }
}
