using System.Text.Json;
using System.Text.Json.Serialization;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Functions and their version history in SQLite (<c>registry.db</c>: WAL, one transaction per change), so a
/// crash at any point leaves either the old or the new function, never half of one; compiled artifacts as files
/// beside it (<see cref="ArtifactStore"/>). Schema versions: 1 is the layout of the first release (functions and
/// function_versions), adopted as it is from a database created before versions were recorded; 2 adds aliases and
/// schedules; 3 adds namespaces (every row gets a namespace, existing ones <c>default</c>). Versions, aliases,
/// schedules and namespaces are in the partial files beside this one.
/// </summary>
internal sealed partial class SqliteFunctionStore : IFunctionStore, IDisposable
{
    private const string Columns = "name, version, code, artifact_hash, settings, created_at, updated_at, namespace";

    private static readonly Action<SqliteConnection>[] s_migrations =
    [
        connection => connection.Execute("""
            CREATE TABLE IF NOT EXISTS functions (
                name TEXT PRIMARY KEY,
                version INTEGER NOT NULL,
                code TEXT NOT NULL,
                artifact_hash TEXT NOT NULL,
                settings TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS function_versions (
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                code TEXT NOT NULL,
                artifact_hash TEXT NOT NULL,
                settings TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (name, version));
            """),
        connection => connection.Execute("""
            CREATE TABLE aliases (
                function TEXT NOT NULL,
                name TEXT NOT NULL,
                routes TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (function, name));
            CREATE TABLE schedules (
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
                PRIMARY KEY (function, name));
            """),
        connection => connection.Execute(NamespacesMigration),
    ];

    private static readonly JsonSerializerOptions s_json = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly SqliteConnection _connection;
    private readonly ArtifactStore _artifacts;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    public SqliteFunctionStore(string databasePath, string artifactsDirectory, TimeProvider time)
    {
        _time = time;
        _connection = SqliteDatabase.Open(databasePath, "PRAGMA foreign_keys=ON;");
        SqliteDatabase.Migrate(_connection, databasePath, s_migrations);
        _artifacts = new ArtifactStore(artifactsDirectory);
    }

    public Task<FunctionRecord?> FindAsync(FunctionKey function, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(FindUnlocked(function));
        }
    }

    public Task<IReadOnlyList<FunctionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command($"SELECT {Columns} FROM functions ORDER BY namespace, name");
            using var reader = command.ExecuteReader();
            var records = new List<FunctionRecord>();
            while (reader.Read())
            {
                records.Add(ReadRecord(reader));
            }

            return Task.FromResult<IReadOnlyList<FunctionRecord>>(records);
        }
    }

    public Task<byte[]?> ReadArtifactAsync(string hash, CancellationToken cancellationToken = default) => Task.FromResult(_artifacts.TryRead(hash));

    public Task WriteArtifactAsync(string hash, byte[] assembly, CancellationToken cancellationToken = default)
    {
        _artifacts.Write(hash, assembly);
        return Task.CompletedTask;
    }

    public Task<FunctionRecord?> CreateAsync(FunctionKey function, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default) =>
        Task.FromResult(Create(function, code, artifactHash, settings));

    public Task<FunctionRecord?> UpdateAsync(FunctionKey function, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update(function, code, artifactHash, settings));

    public Task<FunctionRecord?> SetScaleAsync(FunctionKey function, int minInstances, int maxInstances, CancellationToken cancellationToken = default) =>
        Task.FromResult(SetScale(function, minInstances, maxInstances));

    public Task<bool> DeleteAsync(FunctionKey function, CancellationToken cancellationToken = default) => Task.FromResult(Delete(function));

    private FunctionRecord? Create(FunctionKey function, string code, string artifactHash, FunctionSettings settings)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var exists = _connection.Command("SELECT 1 FROM functions WHERE namespace = $ns AND name = $name",
                ("$ns", function.Namespace), ("$name", function.Name)))
            {
                if (exists.ExecuteScalar() is not null || !NamespaceExistsUnlocked(function.Namespace))
                {
                    return null;
                }
            }

            var now = _time.GetUtcNow();
            var record = new FunctionRecord(function.Name, 1, code, artifactHash, settings, now, now) { Namespace = function.Namespace };
            Write(record, insert: true);
            transaction.Commit();
            return record;
        }
    }

    private FunctionRecord? Update(FunctionKey function, string code, string artifactHash, FunctionSettings settings)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var current = FindUnlocked(function);
            if (current is null)
            {
                return null;
            }

            var record = current with
            {
                Version = current.Version + 1,
                Code = code,
                ArtifactHash = artifactHash,
                Settings = settings,
                UpdatedAt = _time.GetUtcNow(),
            };
            Write(record, insert: false);
            transaction.Commit();
            return record;
        }
    }

    private FunctionRecord? SetScale(FunctionKey function, int minInstances, int maxInstances)
    {
        lock (_gate)
        {
            var current = FindUnlocked(function);
            if (current is null)
            {
                return null;
            }

            var record = current with { Settings = current.Settings with { MinInstances = minInstances, MaxInstances = maxInstances } };
            using var command = _connection.Command("UPDATE functions SET settings = $settings WHERE namespace = $ns AND name = $name",
                ("$ns", function.Namespace), ("$name", function.Name), ("$settings", JsonSerializer.Serialize(record.Settings, s_json)));
            command.ExecuteNonQuery();
            return record;
        }
    }

    private bool Delete(FunctionKey function)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.Command("DELETE FROM functions WHERE namespace = $ns AND name = $name",
                ("$ns", function.Namespace), ("$name", function.Name));
            var deleted = command.ExecuteNonQuery() > 0;
            foreach (var table in new[] { "DELETE FROM function_versions WHERE namespace = $ns AND name = $name",
                "DELETE FROM aliases WHERE namespace = $ns AND function = $name", "DELETE FROM schedules WHERE namespace = $ns AND function = $name" })
            {
                using var related = _connection.Command(table, ("$ns", function.Namespace), ("$name", function.Name));
                related.ExecuteNonQuery();
            }

            transaction.Commit();
            return deleted;
        }
    }

    public void Dispose() => _connection.Dispose();

    private FunctionRecord? FindUnlocked(FunctionKey function)
    {
        using var command = _connection.Command($"SELECT {Columns} FROM functions WHERE namespace = $ns AND name = $name",
            ("$ns", function.Namespace), ("$name", function.Name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    private void Write(FunctionRecord record, bool insert)
    {
        var settings = JsonSerializer.Serialize(record.Settings, s_json);
        var sql = insert
            ? "INSERT INTO functions (namespace, name, version, code, artifact_hash, settings, created_at, updated_at) VALUES ($ns, $name, $version, $code, $hash, $settings, $created, $updated)"
            : "UPDATE functions SET version = $version, code = $code, artifact_hash = $hash, settings = $settings, updated_at = $updated WHERE namespace = $ns AND name = $name";
        using (var command = _connection.Command(sql,
            ("$ns", record.Namespace), ("$name", record.Name), ("$version", record.Version), ("$code", record.Code), ("$hash", record.ArtifactHash),
            ("$settings", settings), ("$created", record.CreatedAt.ToString("O")), ("$updated", record.UpdatedAt.ToString("O"))))
        {
            command.ExecuteNonQuery();
        }

        using var history = _connection.Command(
            "INSERT OR REPLACE INTO function_versions (namespace, name, version, code, artifact_hash, settings, created_at) VALUES ($ns, $name, $version, $code, $hash, $settings, $created)",
            ("$ns", record.Namespace), ("$name", record.Name), ("$version", record.Version), ("$code", record.Code), ("$hash", record.ArtifactHash),
            ("$settings", settings), ("$created", record.UpdatedAt.ToString("O")));
        history.ExecuteNonQuery();
    }

    private static FunctionRecord ReadRecord(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonSerializer.Deserialize<FunctionSettings>(reader.GetString(4), s_json)!,
        DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture))
    {
        Namespace = reader.GetString(7),
    };
}
