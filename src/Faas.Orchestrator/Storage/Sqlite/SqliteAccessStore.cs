using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// API keys (<see cref="IApiKeyStore"/>) and users (<see cref="IUserStore"/>) in their own SQLite file
/// (<c>access.db</c>, 0600, secure delete): key hashes and password hashes, never keys or passwords. Its own file
/// keeps its schema versions apart from the registry's.
/// </summary>
internal sealed partial class SqliteAccessStore : IApiKeyStore, IUserStore, IDisposable
{
    private static readonly Action<SqliteConnection>[] s_migrations =
    [
        connection => connection.Execute("""
            CREATE TABLE IF NOT EXISTS api_keys (
                namespace TEXT NOT NULL,
                name TEXT NOT NULL,
                sha256 BLOB NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                functions TEXT,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                expires_at TEXT,
                PRIMARY KEY (namespace, name));
            CREATE TABLE IF NOT EXISTS users (
                username TEXT PRIMARY KEY,
                namespace TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                scopes TEXT NOT NULL,
                disabled INTEGER NOT NULL,
                security_stamp TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS users_namespace ON users (namespace);
            """),
    ];

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public SqliteAccessStore(string databasePath)
    {
        _connection = SqliteDatabase.Open(databasePath, "PRAGMA secure_delete=ON;");
        SqliteDatabase.Migrate(_connection, databasePath, s_migrations);
    }

    public Task<bool> CreateAsync(StoredApiKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                """
                INSERT INTO api_keys (namespace, name, sha256, scopes, functions, created_at, last_used_at, expires_at)
                VALUES ($ns, $name, $sha, $scopes, $functions, $created, NULL, $expires) ON CONFLICT DO NOTHING
                """,
                ("$ns", key.Namespace), ("$name", key.Name), ("$sha", key.Sha256), ("$scopes", ToText(key.Scopes)),
                ("$functions", key.Functions is null ? DBNull.Value : ToText(key.Functions)), ("$created", Text(key.CreatedAt)),
                ("$expires", key.ExpiresAt is { } expires ? Text(expires) : DBNull.Value));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<IReadOnlyList<StoredApiKey>> ListAsync(string? ns, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                $"SELECT {KeyColumns} FROM api_keys WHERE $ns IS NULL OR namespace = $ns ORDER BY namespace, name",
                ("$ns", (object?)ns ?? DBNull.Value));
            using var reader = command.ExecuteReader();
            var keys = new List<StoredApiKey>();
            while (reader.Read())
            {
                keys.Add(ReadKey(reader));
            }

            return Task.FromResult<IReadOnlyList<StoredApiKey>>(keys);
        }
    }

    public Task<StoredApiKey?> FindAsync(byte[] sha256, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command($"SELECT {KeyColumns} FROM api_keys WHERE sha256 = $sha", ("$sha", sha256));
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadKey(reader) : null);
        }
    }

    public Task<bool> DeleteAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM api_keys WHERE namespace = $ns AND name = $name", ("$ns", ns), ("$name", name));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task TouchAsync(string ns, string name, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "UPDATE api_keys SET last_used_at = $used WHERE namespace = $ns AND name = $name",
                ("$ns", ns), ("$name", name), ("$used", Text(usedAt)));
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }
    }

    public void Dispose() => _connection.Dispose();

    private const string KeyColumns = "namespace, name, sha256, scopes, functions, created_at, last_used_at, expires_at";

    private static StoredApiKey ReadKey(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2), FromText(reader.GetString(3)),
            reader.IsDBNull(4) ? null : FromText(reader.GetString(4)), Parse(reader.GetString(5)),
            reader.IsDBNull(7) ? null : Parse(reader.GetString(7)))
        {
            LastUsedAt = reader.IsDBNull(6) ? null : Parse(reader.GetString(6)),
        };

    private static string ToText(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    private static IReadOnlyList<string> FromText(string text) => JsonSerializer.Deserialize<string[]>(text) ?? [];

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
