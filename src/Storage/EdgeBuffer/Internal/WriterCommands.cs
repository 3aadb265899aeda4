using Microsoft.Data.Sqlite;

namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>The writer's prepared statements, bound to its one connection.</summary>
internal sealed class WriterCommands : IDisposable
{
    private readonly SqliteCommand _findKey;
    private readonly SqliteCommand _insert;
    private readonly InsertIfNewStatement _insertIfNew;
    private readonly SqliteCommand _evictOldest;
    private readonly SqliteCommand _deleteRange;

    public WriterCommands(SqliteConnection connection)
    {
        _findKey = Create(connection, Schema.FindKey, "$key");
        _insert = Create(connection, Schema.Insert, "$priority", "$key", "$created", "$size", "$payload");
        _insertIfNew = new InsertIfNewStatement(connection);
        _evictOldest = Create(connection, Schema.EvictOldest, "$priority");
        _deleteRange = Create(connection, Schema.DeleteRange, "$first", "$last");
    }

    public void Enlist(SqliteTransaction? transaction)
    {
        _findKey.Transaction = transaction;
        _insert.Transaction = transaction;
        _evictOldest.Transaction = transaction;
        _deleteRange.Transaction = transaction;
    }

    /// <summary>The sequence of the buffered item with this key, or null.</summary>
    public long? FindKey(string key)
    {
        _findKey.Parameters[0].Value = key;
        return _findKey.ExecuteScalar() is long sequence ? sequence : null;
    }

    public long Insert(BufferPriority priority, string key, DateTimeOffset created, long size, byte[] payload) =>
        (long)Bind(_insert, priority, key, created, size, payload).ExecuteScalar()!;

    /// <summary>Inserts unless the key is buffered; returns the new sequence, or null for a buffered key.</summary>
    public long? InsertIfNew(BufferPriority priority, string key, DateTimeOffset created, long size, byte[] payload) =>
        _insertIfNew.Execute(priority, key, created, size, payload);

    /// <summary>Deletes the lowest-sequenced item of a class and returns its size.</summary>
    public long EvictOldest(BufferPriority priority)
    {
        _evictOldest.Parameters[0].Value = (int)priority;
        return _evictOldest.ExecuteScalar() is long size
            ? size
            : throw new InvalidOperationException($"No {priority} item to evict although the totals count one.");
    }

    /// <summary>Deletes a range and reports each deleted item's priority and size.</summary>
    public void DeleteRange(SequenceRange range, Action<int, long> deleted)
    {
        _deleteRange.Parameters[0].Value = range.First;
        _deleteRange.Parameters[1].Value = range.Last;
        using var reader = _deleteRange.ExecuteReader();
        while (reader.Read())
        {
            deleted(reader.GetInt32(0), reader.GetInt64(1));
        }
    }

    public void Dispose()
    {
        _findKey.Dispose();
        _insert.Dispose();
        _insertIfNew.Dispose();
        _evictOldest.Dispose();
        _deleteRange.Dispose();
    }

    private static SqliteCommand Bind(
        SqliteCommand command, BufferPriority priority, string key, DateTimeOffset created, long size, byte[] payload)
    {
        command.Parameters[0].Value = (int)priority;
        command.Parameters[1].Value = key;
        command.Parameters[2].Value = created.UtcTicks;
        command.Parameters[3].Value = size;
        command.Parameters[4].Value = payload;
        return command;
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
