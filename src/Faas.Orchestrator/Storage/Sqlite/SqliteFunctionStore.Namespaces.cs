using System.Text.Json;
using Faas.Orchestrator.Namespaces;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Namespaces: one row each with its quota as JSON. Schema 3 rebuilds the function tables with a <c>namespace</c>
/// column in their keys (SQLite cannot change a primary key in place); rows from before are <c>default</c>'s.
/// </summary>
internal sealed partial class SqliteFunctionStore
{
    private const string NamespacesMigration = """
        CREATE TABLE namespaces (
            name TEXT PRIMARY KEY,
            quota TEXT NOT NULL,
            created_at INTEGER NOT NULL);
        INSERT INTO namespaces (name, quota, created_at) VALUES ('default', '{}', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
        CREATE TABLE functions_v3 (
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            code TEXT NOT NULL,
            artifact_hash TEXT NOT NULL,
            settings TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (namespace, name));
        INSERT INTO functions_v3 SELECT 'default', name, version, code, artifact_hash, settings, created_at, updated_at FROM functions;
        DROP TABLE functions;
        ALTER TABLE functions_v3 RENAME TO functions;
        CREATE TABLE function_versions_v3 (
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            code TEXT NOT NULL,
            artifact_hash TEXT NOT NULL,
            settings TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (namespace, name, version));
        INSERT INTO function_versions_v3 SELECT 'default', name, version, code, artifact_hash, settings, created_at FROM function_versions;
        DROP TABLE function_versions;
        ALTER TABLE function_versions_v3 RENAME TO function_versions;
        CREATE TABLE aliases_v3 (
            namespace TEXT NOT NULL,
            function TEXT NOT NULL,
            name TEXT NOT NULL,
            routes TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (namespace, function, name));
        INSERT INTO aliases_v3 SELECT 'default', function, name, routes, updated_at FROM aliases;
        DROP TABLE aliases;
        ALTER TABLE aliases_v3 RENAME TO aliases;
        CREATE TABLE schedules_v3 (
            namespace TEXT NOT NULL,
            function TEXT NOT NULL,
            name TEXT NOT NULL,
            cron TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            qualifier TEXT,
            body BLOB NOT NULL,
            headers TEXT NOT NULL,
            catch_up TEXT NOT NULL,
            origin TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            next_run INTEGER NOT NULL,
            last_run INTEGER,
            PRIMARY KEY (namespace, function, name));
        INSERT INTO schedules_v3 (namespace, function, name, cron, time_zone, qualifier, body, headers, catch_up, origin, created_at, next_run, last_run)
            SELECT 'default', function, name, cron, time_zone, qualifier, body, headers, catch_up, origin, created_at, next_run, last_run FROM schedules;
        DROP TABLE schedules;
        ALTER TABLE schedules_v3 RENAME TO schedules;
        """;

    public Task<IReadOnlyList<NamespaceRecord>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT name, quota, created_at FROM namespaces ORDER BY name");
            using var reader = command.ExecuteReader();
            var namespaces = new List<NamespaceRecord>();
            while (reader.Read())
            {
                namespaces.Add(new NamespaceRecord(reader.GetString(0), JsonSerializer.Deserialize<NamespaceQuota>(reader.GetString(1), s_json)!,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
            }

            return Task.FromResult<IReadOnlyList<NamespaceRecord>>(namespaces);
        }
    }

    public Task<bool> CreateNamespaceAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("INSERT OR IGNORE INTO namespaces (name, quota, created_at) VALUES ($name, $quota, $created)",
                ("$name", name), ("$quota", JsonSerializer.Serialize(quota, s_json)), ("$created", _time.GetUtcNow().ToUnixTimeMilliseconds()));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<bool> SetNamespaceQuotaAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("UPDATE namespaces SET quota = $quota WHERE name = $name",
                ("$name", name), ("$quota", JsonSerializer.Serialize(quota, s_json)));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<NamespaceDeletion> DeleteNamespaceAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name == NamespaceName.Default)
        {
            return Task.FromResult(NamespaceDeletion.Default);
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            if (!NamespaceExistsUnlocked(name))
            {
                return Task.FromResult(NamespaceDeletion.NotFound);
            }

            using (var used = _connection.Command("SELECT 1 FROM functions WHERE namespace = $ns LIMIT 1", ("$ns", name)))
            {
                if (used.ExecuteScalar() is not null)
                {
                    return Task.FromResult(NamespaceDeletion.NotEmpty);
                }
            }

            using var delete = _connection.Command("DELETE FROM namespaces WHERE name = $name", ("$name", name));
            delete.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(NamespaceDeletion.Deleted);
        }
    }

    private bool NamespaceExistsUnlocked(string name)
    {
        using var command = _connection.Command("SELECT 1 FROM namespaces WHERE name = $name", ("$name", name));
        return command.ExecuteScalar() is not null;
    }
}
