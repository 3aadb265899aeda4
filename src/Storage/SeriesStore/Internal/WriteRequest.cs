using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.SeriesStore.Internal;

/// <summary>One caller's batch waiting for the writer loop, and the task the caller awaits.</summary>
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
}
