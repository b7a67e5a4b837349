using System.Globalization;
using Faas.Orchestrator.Storage;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Secrets;

/// <summary>
/// Secrets in their own SQLite file (<c>secrets.db</c>), values sealed with <see cref="SecretCipher"/>:
/// the database alone reveals names, grants and timestamps only. The key lives elsewhere (<see cref="SecretKey"/>).
/// Each secret carries its grants (<see cref="SecretGrants"/>); databases from before grants existed are
/// migrated forward on open, their secrets granted to no one (admins only).
/// </summary>
internal sealed class SecretStore : ISecretSource, IDisposable
{
    /// <summary>Largest value accepted (OpenFaaS and Kubernetes allow about 1 MiB).</summary>
    public const int MaxValueBytes = 512 * 1024;

    private readonly SqliteConnection _connection;
    private readonly SecretCipher _cipher;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public SecretStore(string databasePath, byte[] key, TimeProvider time)
    {
        _cipher = new SecretCipher(key);
        _time = time;
        _connection = Sqlite.Open(databasePath, "PRAGMA secure_delete=ON;");
        File.SetUnixFileMode(databasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _connection.Execute("""
            CREATE TABLE IF NOT EXISTS secrets (
                name TEXT PRIMARY KEY,
                value BLOB NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                grants TEXT NOT NULL DEFAULT '');
            """);
        MigrateGrants();
    }

    /// <summary>Adds the <c>grants</c> column to a table created before it existed.</summary>
    private void MigrateGrants()
    {
        using var columns = _connection.Command("SELECT 1 FROM pragma_table_info('secrets') WHERE name = 'grants'");
        if (columns.ExecuteScalar() is null)
        {
            _connection.Execute("ALTER TABLE secrets ADD COLUMN grants TEXT NOT NULL DEFAULT ''");
        }
    }

    /// <summary>The secret's grants, or null when there is no such secret.</summary>
    public IReadOnlyList<string>? GrantsOf(string name)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT grants FROM secrets WHERE name = $name", ("$name", name));
            return command.ExecuteScalar() is string stored ? SecretGrants.FromStored(stored) : null;
        }
    }

    public bool Exists(string name)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT 1 FROM secrets WHERE name = $name", ("$name", name));
            return command.ExecuteScalar() is not null;
        }
    }

    /// <summary>Stores a new secret; false when the name is taken.</summary>
    public bool Create(string name, string value, IReadOnlyList<string>? grants = null)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            using var command = _connection.Command(
                "INSERT INTO secrets (name, value, created_at, updated_at, grants) VALUES ($name, $value, $now, $now, $grants) ON CONFLICT(name) DO NOTHING",
                ("$name", name), ("$value", _cipher.Encrypt(name, value)), ("$now", now), ("$grants", SecretGrants.ToStored(grants ?? [])));
            return command.ExecuteNonQuery() > 0;
        }
    }

    /// <summary>Replaces a secret's value and/or its grants (null keeps each); false when it does not exist.</summary>
    public bool Update(string name, string? value, IReadOnlyList<string>? grants = null)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "UPDATE secrets SET value = coalesce($value, value), grants = coalesce($grants, grants), updated_at = $now WHERE name = $name",
                ("$name", name),
                ("$value", value is null ? DBNull.Value : _cipher.Encrypt(name, value)),
                ("$grants", grants is null ? DBNull.Value : SecretGrants.ToStored(grants)),
                ("$now", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            return command.ExecuteNonQuery() > 0;
        }
    }

    public bool Delete(string name)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM secrets WHERE name = $name", ("$name", name));
            return command.ExecuteNonQuery() > 0;
        }
    }

    public IReadOnlyList<SecretInfo> List()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT name, created_at, updated_at, grants FROM secrets ORDER BY name");
            using var reader = command.ExecuteReader();
            var secrets = new List<SecretInfo>();
            while (reader.Read())
            {
                secrets.Add(new SecretInfo(reader.GetString(0), Parse(reader.GetString(1)), Parse(reader.GetString(2)))
                {
                    Grants = SecretGrants.FromStored(reader.GetString(3)),
                });
            }

            return secrets;
        }
    }

    /// <summary>The decrypted value, or null when there is no such secret.</summary>
    public string? Read(string name)
    {
        byte[] sealedValue;
        lock (_gate)
        {
            using var command = _connection.Command("SELECT value FROM secrets WHERE name = $name", ("$name", name));
            if (command.ExecuteScalar() is not byte[] stored)
            {
                return null;
            }

            sealedValue = stored;
        }

        return _cipher.Decrypt(name, sealedValue);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _cipher.Dispose();
    }

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
