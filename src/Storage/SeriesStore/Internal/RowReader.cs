using Microsoft.Data.Sqlite;
using TelemetryGateway.Core;

namespace TelemetryGateway.Storage.SeriesStore.Internal;

/// <summary>Turns a row selected with <see cref="SqliteSchema.Columns"/> back into a <see cref="StoredReading"/>.</summary>
internal static class RowReader
{
    public static StoredReading Read(SqliteDataReader row)
    {
        var reading = new Reading
        {
            DeviceId = row.GetString(0),
            Kind = row.GetString(1),
            PatientId = row.IsDBNull(2) ? null : row.GetString(2),
            Value = row.GetDouble(3),
            Unit = row.GetString(4),
            Source = (ReadingSource)row.GetInt32(5),
            Priority = (ReadingPriority)row.GetInt32(6),
            Flags = (ReadingFlags)row.GetInt64(7),
            DeviceRecordNumber = row.IsDBNull(8) ? null : row.GetInt64(8),
            MeasuredAt = Time(row, 9),
            DeviceTime = Time(row, 24),
            ReceivedAt = Time(row, 11) ?? throw new InvalidDataException("Stored reading has no received time."),
            Reported = row.IsDBNull(13) ? null : new Quantity(row.GetDouble(13), row.GetString(14)),
            Waveform = row.IsDBNull(15) ? null : ReadWaveform(row),
        };
        return new StoredReading(reading, new DateTimeOffset(row.GetInt64(22), TimeSpan.Zero), row.GetString(23));
    }

    private static Waveform ReadWaveform(SqliteDataReader row)
    {
        // A zero-length BLOB comes back as NULL from sqlite3_column_blob; an empty chunk is still a chunk.
        var samples = row.IsDBNull(21) ? [] : WaveformCodec.Decode(row.GetFieldValue<byte[]>(21), row.GetInt32(20));
        return new Waveform
        {
            Lead = row.GetString(15),
            SampleRateHz = row.GetDouble(16),
            Resolution = row.GetDouble(17),
            StartTime = Time(row, 18) ?? throw new InvalidDataException("Stored waveform has no start time."),
            Samples = samples,
        };
    }

    /// <summary>UTC ticks in column <paramref name="ordinal"/>, offset minutes in the next one.</summary>
    private static DateTimeOffset? Time(SqliteDataReader row, int ordinal)
    {
        if (row.IsDBNull(ordinal))
        {
            return null;
        }
        var offset = TimeSpan.FromMinutes(row.GetInt32(ordinal + 1));
        return new DateTimeOffset(row.GetInt64(ordinal) + offset.Ticks, offset);
    }
}
