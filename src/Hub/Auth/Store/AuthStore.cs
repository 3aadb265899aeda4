using Microsoft.Data.Sqlite;
using TelemetryGateway.Storage.Sqlite;

namespace TelemetryGateway.Hub.Auth;

/// <summary>
/// The auth database (<c>auth.db</c>): users added at run time and the append-only sign-in audit, in one
/// SQLite file opened through <see cref="DurableSqlite"/> (WAL, synchronous=FULL).
/// </summary>
/// <remarks>Not thread-safe: <see cref="AuthService"/> serialises every call. Times are Unix milliseconds.</remarks>
internal sealed class AuthStore : IDisposable
{
    private const int SchemaVersion = 1;

    // The audit log refuses UPDATE and DELETE: append-only by construction, like the alert audit.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, scope TEXT,
            password_hash TEXT NOT NULL, disabled INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS auth_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, action TEXT NOT NULL, user TEXT NOT NULL,
            actor TEXT NOT NULL, role TEXT, address TEXT, detail TEXT);
        CREATE TRIGGER IF NOT EXISTS auth_audit_no_update BEFORE UPDATE ON auth_audit
            BEGIN SELECT RAISE(ABORT, 'the auth audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS auth_audit_no_delete BEFORE DELETE ON auth_audit
            BEGIN SELECT RAISE(ABORT, 'the auth audit log is append-only'); END;
        PRAGMA user_version = 1;
        """;

    private readonly SqliteConnection _connection;

    private AuthStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (creating when missing) the auth database.</summary>
    /// <exception cref="InvalidDataException">The file is not an intact SQLite database.</exception>
    public static AuthStore Open(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        return new AuthStore(DurableSqlite.OpenWriter(new DurableSqliteSpec(path, "auth", SchemaVersion, Schema,
            static (message, inner) => new InvalidDataException(message, inner))));
    }

    public AuthUser? FindUser(string name)
    {
        using var command = Command("SELECT name, display_name, role, scope, password_hash, disabled FROM users WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader) : null;
    }

    public List<AuthUser> Users()
    {
        using var command = Command("SELECT name, display_name, role, scope, password_hash, disabled FROM users ORDER BY name");
        using var reader = command.ExecuteReader();
        var users = new List<AuthUser>();
        while (reader.Read())
        {
            users.Add(ReadUser(reader));
        }
        return users;
    }

    /// <summary>Inserts the user; false when the name is taken.</summary>
    public bool AddUser(AuthUser user, DateTimeOffset at, string createdBy)
    {
        using var command = Command("""
            INSERT INTO users (name, display_name, role, scope, password_hash, disabled, created_at, created_by)
            VALUES ($name, $display, $role, $scope, $hash, $disabled, $at, $by) ON CONFLICT (name) DO NOTHING
            """);
        var p = command.Parameters;
        p.AddWithValue("$name", user.Name);
        p.AddWithValue("$display", user.DisplayName);
        p.AddWithValue("$role", user.Role);
        p.AddWithValue("$scope", (object?)user.Scope ?? DBNull.Value);
        p.AddWithValue("$hash", user.PasswordHash);
        p.AddWithValue("$disabled", user.Disabled ? 1 : 0);
        p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        p.AddWithValue("$by", createdBy);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Sets a stored user's password hash and disabled flag; false when no stored user has that name.</summary>
    public bool UpdateUser(string name, string passwordHash, bool disabled)
    {
        using var command = Command("UPDATE users SET password_hash = $hash, disabled = $disabled WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$hash", passwordHash);
        command.Parameters.AddWithValue("$disabled", disabled ? 1 : 0);
        return command.ExecuteNonQuery() == 1;
    }

    public AuthAuditEntry Append(DateTimeOffset at, string action, string user, string actor, string? role, string? address, string? detail)
    {
        using var command = Command("""
            INSERT INTO auth_audit (at, action, user, actor, role, address, detail) VALUES ($at, $action, $user, $actor, $role, $address, $detail)
            RETURNING id
            """);
        var p = command.Parameters;
        p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        p.AddWithValue("$action", action);
        p.AddWithValue("$user", user);
        p.AddWithValue("$actor", actor);
        p.AddWithValue("$role", (object?)role ?? DBNull.Value);
        p.AddWithValue("$address", (object?)address ?? DBNull.Value);
        p.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        var id = (long)command.ExecuteScalar()!;
        return new AuthAuditEntry(id, DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()), action, user, actor, role, address, detail);
    }

    /// <summary>Audit entries after <paramref name="afterId"/>, oldest first; <paramref name="user"/> narrows to one user name.</summary>
    public List<AuthAuditEntry> Audit(long afterId, string? user, int limit)
    {
        using var command = Command("""
            SELECT id, at, action, user, actor, role, address, detail FROM auth_audit
            WHERE id > $after AND ($user IS NULL OR user = $user) ORDER BY id LIMIT $limit
            """);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$user", (object?)user ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<AuthAuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuthAuditEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(reader, 5), Text(reader, 6), Text(reader, 7)));
        }
        return entries;
    }

    public void Dispose() => _connection.Dispose();

    private static AuthUser ReadUser(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), reader.GetString(4), reader.GetInt64(5) != 0, FromConfiguration: false);

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
