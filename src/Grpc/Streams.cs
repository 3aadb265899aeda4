using System.Runtime.CompilerServices;

namespace TelemetryGateway.Grpc;

/// <summary>Reads a stream of messages; <see cref="MoveNext"/> is false at the end of the stream.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Writes a stream of messages; one write at a time.</summary>
public interface IAsyncStreamWriter<in T>
{
    /// <summary>Options for the next writes, e.g. <see cref="WriteFlags.NoCompress"/> on a compressed stream.</summary>
    WriteOptions? WriteOptions { get; set; }

    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>;

public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Half-closes the request stream: the server sees the end of the requests.</summary>
    Task CompleteAsync();
}

public static class AsyncStreamReaderExtensions
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        this IAsyncStreamReader<T> reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}

[Flags]
public enum WriteFlags
{
    None = 0,
    /// <summary>Send this message uncompressed even though the stream has a grpc-encoding.</summary>
    NoCompress = 2,
}

public sealed record WriteOptions(WriteFlags Flags = WriteFlags.None);
