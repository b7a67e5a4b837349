using System.Globalization;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Secrets;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Secrets in their own SQLite file (<c>secrets.db</c>), values sealed with <see cref="SecretCipher"/>:
/// the database alone reveals names, grants and timestamps only. The key lives elsewhere (<see cref="SecretKey"/>).
/// Each secret carries its grants (<see cref="SecretGrants"/>). Schema version 1 is the first release's layout
/// with grants; a database from before grants existed gets the column on the way (its secrets granted to no
/// one: admins only). Version 2 keys secrets by namespace and name (existing ones are <c>default</c>'s); a value is sealed
/// with its namespace and name as associated data, so a sealed value copied to another row does not open.
/// </summary>
internal sealed class SqliteSecretStore : ISecretStore, IDisposable
{
    private static readonly Action<SqliteConnection>[] s_migrations =
    [
        connection =>
        {
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS secrets (
                    name TEXT PRIMARY KEY,
                    value BLOB NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    grants TEXT NOT NULL DEFAULT '');
                """);
            using var columns = connection.Command("SELECT 1 FROM pragma_table_info('secrets') WHERE name = 'grants'");
            if (columns.ExecuteScalar() is null)
            {
                connection.Execute("ALTER TABLE secrets ADD COLUMN grants TEXT NOT NULL DEFAULT ''");
            }
        },
        connection => connection.Execute("""
            CREATE TABLE secrets_v2 (
                namespace TEXT NOT NULL,
                name TEXT NOT NULL,
                value BLOB NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                grants TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (namespace, name));
            INSERT INTO secrets_v2 SELECT 'default', name, value, created_at, updated_at, grants FROM secrets;
            DROP TABLE secrets;
            ALTER TABLE secrets_v2 RENAME TO secrets;
            """),
    ];

    private readonly SqliteConnection _connection;
    private readonly SecretCipher _cipher;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public SqliteSecretStore(string databasePath, byte[] key, TimeProvider time)
    {
        _cipher = new SecretCipher(key);
        _time = time;
        _connection = SqliteDatabase.Open(databasePath, "PRAGMA secure_delete=ON;");
        File.SetUnixFileMode(databasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        SqliteDatabase.Migrate(_connection, databasePath, s_migrations);
    }

    public Task<IReadOnlyList<string>?> GrantsOfAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT grants FROM secrets WHERE namespace = $ns AND name = $name", ("$ns", @namespace), ("$name", name));
            return Task.FromResult(command.ExecuteScalar() is string stored ? SecretGrants.FromStored(stored) : null);
        }
    }

    public Task<bool> CreateAsync(string @namespace, string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Create(@namespace, name, value, grants ?? []));

    public Task<bool> UpdateAsync(string @namespace, string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update(@namespace, name, value, grants));

    public Task<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) => Task.FromResult(Delete(@namespace, name));

    public Task<IReadOnlyList<SecretInfo>> ListAsync(string @namespace, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SecretInfo>>(List(@namespace));

    public Task<string?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken = default) => Task.FromResult(Read(@namespace, name));

    private bool Create(string @namespace, string name, string value, IReadOnlyList<string> grants)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            using var command = _connection.Command(
                "INSERT INTO secrets (namespace, name, value, created_at, updated_at, grants) VALUES ($ns, $name, $value, $now, $now, $grants) "
                + "ON CONFLICT(namespace, name) DO NOTHING",
                ("$ns", @namespace), ("$name", name), ("$value", _cipher.Encrypt(Sealed(@namespace, name), value)), ("$now", now), ("$grants", SecretGrants.ToStored(grants)));
            return command.ExecuteNonQuery() > 0;
        }
    }

    private bool Update(string @namespace, string name, string? value, IReadOnlyList<string>? grants)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "UPDATE secrets SET value = coalesce($value, value), grants = coalesce($grants, grants), updated_at = $now WHERE namespace = $ns AND name = $name",
                ("$ns", @namespace), ("$name", name),
                ("$value", value is null ? DBNull.Value : _cipher.Encrypt(Sealed(@namespace, name), value)),
                ("$grants", grants is null ? DBNull.Value : SecretGrants.ToStored(grants)),
                ("$now", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            return command.ExecuteNonQuery() > 0;
        }
    }

    private bool Delete(string @namespace, string name)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM secrets WHERE namespace = $ns AND name = $name", ("$ns", @namespace), ("$name", name));
            return command.ExecuteNonQuery() > 0;
        }
    }

    private List<SecretInfo> List(string @namespace)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT name, created_at, updated_at, grants FROM secrets WHERE namespace = $ns ORDER BY name",
                ("$ns", @namespace));
            using var reader = command.ExecuteReader();
            var secrets = new List<SecretInfo>();
            while (reader.Read())
            {
                secrets.Add(new SecretInfo(reader.GetString(0), Parse(reader.GetString(1)), Parse(reader.GetString(2)))
                {
                    Grants = SecretGrants.FromStored(reader.GetString(3)),
                    Namespace = @namespace,
                });
            }

            return secrets;
        }
    }

    private string? Read(string @namespace, string name)
    {
        byte[] sealedValue;
        lock (_gate)
        {
            using var command = _connection.Command("SELECT value FROM secrets WHERE namespace = $ns AND name = $name", ("$ns", @namespace), ("$name", name));
            if (command.ExecuteScalar() is not byte[] stored)
            {
                return null;
            }

            sealedValue = stored;
        }

        return _cipher.Decrypt(Sealed(@namespace, name), sealedValue);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _cipher.Dispose();
    }

    /// <summary>The associated data a value is sealed with: the name alone in <c>default</c> (as before namespaces), else namespace and name.</summary>
    private static string Sealed(string @namespace, string name) => @namespace == NamespaceName.Default ? name : $"{@namespace}/{name}";

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
