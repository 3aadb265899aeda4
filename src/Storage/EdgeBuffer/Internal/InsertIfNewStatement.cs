using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>The buffer's common insert (<see cref="Schema.InsertIfNew"/>), compiled once and rebound for every item.</summary>
/// <remarks>
/// Every accepted reading passes through here. It binds through SQLitePCLRaw on the writer's connection handle
/// (so inside the writer's open transaction) by parameter index, with the key encoded into one reused buffer;
/// the <c>SqliteCommand</c> route builds a data reader and boxes the result for every item.
/// </remarks>
internal sealed class InsertIfNewStatement : IDisposable
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private const uint SqlitePreparePersistent = 0x01;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _priority, _key, _created, _size, _payload;
    private byte[] _text = new byte[256];

    public InsertIfNewStatement(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        Check(raw.sqlite3_prepare_v3(_db, Schema.InsertIfNew, SqlitePreparePersistent, out _statement));
        _priority = Index("$priority");
        _key = Index("$key");
        _created = Index("$created");
        _size = Index("$size");
        _payload = Index("$payload");
    }

    /// <summary>Inserts unless the key is buffered; returns the new sequence, or null for a buffered key.</summary>
    public long? Execute(BufferPriority priority, string key, DateTimeOffset created, long size, byte[] payload)
    {
        var s = _statement;
        Check(raw.sqlite3_reset(s));
        Check(raw.sqlite3_bind_int(s, _priority, (int)priority));
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        if (length > _text.Length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }
        // SQLitePCLRaw binds spans with SQLITE_TRANSIENT: SQLite copies them, so the buffer can be reused.
        Check(raw.sqlite3_bind_text(s, _key, _text.AsSpan(0, Encoding.UTF8.GetBytes(key, _text))));
        Check(raw.sqlite3_bind_int64(s, _created, created.UtcTicks));
        Check(raw.sqlite3_bind_int64(s, _size, size));
        // A zero-length span would bind SQL NULL, which the payload column refuses: an empty payload is zeroblob(0).
        Check(payload.Length == 0 ? raw.sqlite3_bind_zeroblob(s, _payload, 0) : raw.sqlite3_bind_blob(s, _payload, payload));

        long? sequence = null;
        var rc = raw.sqlite3_step(s);
        if (rc == SqliteRow)
        {
            sequence = raw.sqlite3_column_int64(s, 0);
            rc = raw.sqlite3_step(s);
        }
        if (rc != SqliteDone)
        {
            raw.sqlite3_reset(s);
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return sequence;
    }

    /// <summary>Finalized before the connection closes, or the connection would linger as a zombie.</summary>
    public void Dispose() => _statement.Dispose();

    private int Index(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new InvalidOperationException($"Parameter {name} missing from the buffer insert.");
    }

    private void Check(int rc)
    {
        if (rc != 0)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
