using Microsoft.Data.Sqlite;

namespace TelemetryGateway.Storage.EdgeBuffer.Internal;

/// <summary>
/// Reads on pooled connections of their own. WAL gives each read a snapshot of committed transactions,
/// so readers never see an uncommitted item and never wait for the writer.
/// </summary>
internal sealed class BufferReader(string connectionString)
{
    public async Task<IReadOnlyList<BufferedItem>> ReadBatchAsync(
        long afterSequence, BufferPriority min, BufferPriority max, int maxCount, long maxBytes, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema.ReadBatch;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$min", (int)min);
        command.Parameters.AddWithValue("$max", (int)max);
        command.Parameters.AddWithValue("$count", maxCount);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var items = new List<BufferedItem>();
        var bytes = 0L;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var item = new BufferedItem(
                reader.GetInt64(0),
                (BufferPriority)reader.GetInt32(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                (byte[])reader.GetValue(4));

            // Always return the first item, even one larger than maxBytes, so a big item cannot stall the cursor.
            if (items.Count > 0 && bytes + item.Size > maxBytes)
            {
                break;
            }

            items.Add(item);
            bytes += item.Size;
        }

        return items;
    }

    /// <summary>Created time of the lowest-sequenced item of each class (null where the class is empty).</summary>
    public async Task<DateTimeOffset?[]> OldestCreatedAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema.OldestCreated;
        var parameter = command.Parameters.Add(new SqliteParameter { ParameterName = "$priority" });
        var oldest = new DateTimeOffset?[BufferTotals.Classes];
        for (var c = 0; c < oldest.Length; c++)
        {
            parameter.Value = c;
            if (await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long ticks)
            {
                oldest[c] = new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        return oldest;
    }

    /// <summary>Closes the pooled connections so the file is released.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
