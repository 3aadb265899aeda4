namespace TelemetryGateway.Storage.Influx;

/// <summary>A line-protocol write that the server did not (fully) accept.</summary>
/// <remarks>
/// <para><see cref="IsTransient"/> tells whether the same write may succeed later (the server was down,
/// overloaded, answered 5xx or 429) after the retry budget ran out; when false the server refused the
/// data or the credentials (4xx) and sending it again would fail again, so it was not retried.</para>
/// <para>A rejected write may still have stored part of the batch (InfluxDB 1.x "partial write"): the
/// points named in <see cref="Rejections"/> were dropped, others may be stored. The reading stores make
/// a retry of the same batch safe anyway: what is already stored is found and counted as duplicates.</para>
/// </remarks>
public sealed class InfluxWriteException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InfluxWriteException(string message, int? statusCode, bool isTransient, IReadOnlyList<PointRejection>? rejections = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        IsTransient = isTransient;
        Rejections = rejections ?? [];
    }

    /// <summary>HTTP status of the last attempt; null when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>True when the failure is the server's state, not the data: retrying later may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>The points the server named as rejected, with its reason for each (may be empty when the
    /// server gave one reason for the whole request, e.g. a field type conflict or bad credentials).</summary>
    public IReadOnlyList<PointRejection> Rejections { get; }
}

/// <summary>One point a server refused.</summary>
/// <param name="Index">Index of the point in the batch written (for the reading stores: in the
/// <c>WriteAsync</c> batch), when the server quoted a line that could be matched; else null.</param>
/// <param name="Line">The line as the server quoted it, when it did.</param>
/// <param name="Reason">The server's reason.</param>
public sealed record PointRejection(int? Index, string? Line, string Reason);
