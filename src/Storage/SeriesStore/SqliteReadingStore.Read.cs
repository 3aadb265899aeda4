using System.Text;
using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.SeriesStore.Internal;

namespace TelemetryGateway.Storage.SeriesStore;

public sealed partial class SqliteReadingStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT ").Append(SqliteSchema.Columns).Append(" FROM readings");
        AppendFilters(sql, command, query);
        // id breaks ties between readings at the same instant: insertion order, reversed for newest first.
        sql.Append(query.Order == QueryOrder.NewestFirst ? " ORDER BY t DESC, id DESC" : " ORDER BY t, id");
        sql.Append(" LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();

        var results = new List<StoredReading>(Math.Min(query.Limit, 1024));
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(RowReader.Read(row));
        }
        return results;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, StoredReading>> LatestAsync(ReadingScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.PatientId is null && scope.DeviceId is null)
        {
            throw new ArgumentException("The scope names neither a patient nor a device; use ReadingScope.Patient or ReadingScope.Device.", nameof(scope));
        }
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.Latest(scope.PatientId is not null ? "patient" : "device");
        command.Parameters.AddWithValue("$scope", scope.PatientId ?? scope.DeviceId);

        var latest = new Dictionary<string, StoredReading>(StringComparer.Ordinal);
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var stored = RowReader.Read(row);
            latest[stored.Reading.Kind] = stored;
        }
        return latest;
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(ReadingQuery? query = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT count(*) FROM readings");
        if (query is not null)
        {
            AppendFilters(sql, command, query);
        }
        command.CommandText = sql.ToString();
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Appends a WHERE clause with one bound parameter per filter that is set.</summary>
    private static void AppendFilters(StringBuilder sql, SqliteCommand command, ReadingQuery query)
    {
        var first = true;
        void Filter(string condition, string name, object value)
        {
            sql.Append(first ? " WHERE " : " AND ").Append(condition);
            command.Parameters.AddWithValue(name, value);
            first = false;
        }

        if (query.DeviceId is { } device)
        {
            Filter("device = $device", "$device", device);
        }
        if (query.PatientId is { } patient)
        {
            Filter("patient = $patient", "$patient", patient);
        }
        if (query.Kind is { } kind)
        {
            Filter("kind = $kind", "$kind", kind);
        }
        if (query.From is { } from)
        {
            Filter("t >= $from", "$from", from.UtcTicks);
        }
        if (query.To is { } to)
        {
            Filter("t < $to", "$to", to.UtcTicks);
        }
    }
}
