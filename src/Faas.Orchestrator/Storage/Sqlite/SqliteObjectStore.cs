using System.Globalization;
using Faas.Orchestrator.Objects;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Objects in their own SQLite file (<c>objects.db</c>: one row per namespace, function and name) and their content
/// in <c>{root}/&lt;sha256&gt;</c> (directory 0700, files 0600, written once and never changed). A content file is
/// shared by every name with that content and deleted with the last row that refers to it (counted, under the same
/// lock as every change). Start-up removes staged leftovers and content files no row refers to (a crash between
/// the row and the file).
/// </summary>
internal sealed class SqliteObjectStore : IObjectStore, IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly Action<SqliteConnection>[] s_migrations =
    [
        connection => connection.Execute("""
            CREATE TABLE IF NOT EXISTS objects (
                namespace TEXT NOT NULL,
                function TEXT NOT NULL,
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (namespace, function, name));
            CREATE INDEX IF NOT EXISTS objects_sha256 ON objects (sha256);
            """),
    ];

    private readonly SqliteConnection _connection;
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public SqliteObjectStore(string databasePath, string root, TimeProvider time)
    {
        _root = root;
        _time = time;
        Directory.CreateDirectory(root, OwnerOnly);
        File.SetUnixFileMode(root, OwnerOnly);
        _connection = SqliteDatabase.Open(databasePath);
        SqliteDatabase.Migrate(_connection, databasePath, s_migrations);
        RemoveUnreferenced();
    }

    /// <summary>Where content files live (staging files may be created beside them, so a commit is a rename).</summary>
    public string Root => _root;

    public Task<IReadOnlyList<ObjectInfo>> ListAsync(ObjectScope scope, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "SELECT name, size, sha256, updated_at FROM objects WHERE namespace = $ns AND function = $fn ORDER BY name",
                ("$ns", scope.Namespace), ("$fn", scope.Function));
            using var reader = command.ExecuteReader();
            var objects = new List<ObjectInfo>();
            while (reader.Read())
            {
                objects.Add(Info(reader));
            }

            return Task.FromResult<IReadOnlyList<ObjectInfo>>(objects);
        }
    }

    public Task<ObjectInfo?> GetAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Get(scope, name));
        }
    }

    public Task<ObjectContent?> OpenReadAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Opened under the lock: a delete that follows unlinks the file, and this stream still reads it.
            if (Get(scope, name) is not { } info)
            {
                return Task.FromResult<ObjectContent?>(null);
            }

            var stream = new FileStream(ContentPath(info.Sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            return Task.FromResult<ObjectContent?>(new ObjectContent(info, stream));
        }
    }

    public Task<(ObjectInfo Stored, long? ReplacedSize)> PutAsync(ObjectScope scope, string name, StagedObject content, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var target = ContentPath(content.Sha256);
            if (File.Exists(target))
            {
                content.Dispose(); // The same content is stored already.
            }
            else
            {
                File.SetUnixFileMode(content.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.Move(content.Path, target);
            }

            var previous = Get(scope, name);
            var stored = new ObjectInfo(name, content.Size, content.Sha256, _time.GetUtcNow());
            using (var command = _connection.Command(
                """
                INSERT INTO objects (namespace, function, name, size, sha256, updated_at) VALUES ($ns, $fn, $name, $size, $sha, $at)
                ON CONFLICT (namespace, function, name) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, updated_at = excluded.updated_at
                """,
                ("$ns", scope.Namespace), ("$fn", scope.Function), ("$name", name), ("$size", content.Size), ("$sha", content.Sha256),
                ("$at", stored.UpdatedAt.ToString("O", CultureInfo.InvariantCulture))))
            {
                command.ExecuteNonQuery();
            }

            if (previous is not null && previous.Sha256 != content.Sha256)
            {
                Release(previous.Sha256);
            }

            return Task.FromResult((stored, previous?.Size));
        }
    }

    public Task<ObjectInfo?> DeleteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (Get(scope, name) is not { } info)
            {
                return Task.FromResult<ObjectInfo?>(null);
            }

            using (var command = _connection.Command(
                "DELETE FROM objects WHERE namespace = $ns AND function = $fn AND name = $name",
                ("$ns", scope.Namespace), ("$fn", scope.Function), ("$name", name)))
            {
                command.ExecuteNonQuery();
            }

            Release(info.Sha256);
            return Task.FromResult<ObjectInfo?>(info);
        }
    }

    public async Task<long> DeleteAllAsync(ObjectScope scope, CancellationToken cancellationToken = default)
    {
        long freed = 0;
        foreach (var info in await ListAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            if (await DeleteAsync(scope, info.Name, cancellationToken).ConfigureAwait(false) is { } deleted)
            {
                freed += deleted.Size;
            }
        }

        return freed;
    }

    public Task<IReadOnlyDictionary<string, long>> BytesByNamespaceAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT namespace, SUM(size) FROM objects GROUP BY namespace");
            using var reader = command.ExecuteReader();
            var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                bytes[reader.GetString(0)] = reader.GetInt64(1);
            }

            return Task.FromResult<IReadOnlyDictionary<string, long>>(bytes);
        }
    }

    public void Dispose() => _connection.Dispose();

    private ObjectInfo? Get(ObjectScope scope, string name)
    {
        using var command = _connection.Command(
            "SELECT name, size, sha256, updated_at FROM objects WHERE namespace = $ns AND function = $fn AND name = $name",
            ("$ns", scope.Namespace), ("$fn", scope.Function), ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Info(reader) : null;
    }

    /// <summary>Deletes the content file of <paramref name="sha256"/> once no row refers to it.</summary>
    private void Release(string sha256)
    {
        using var command = _connection.Command("SELECT count(*) FROM objects WHERE sha256 = $sha", ("$sha", sha256));
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            File.Delete(ContentPath(sha256));
        }
    }

    private void RemoveUnreferenced()
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        using (var command = _connection.Command("SELECT DISTINCT sha256 FROM objects"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                referenced.Add(reader.GetString(0));
            }
        }

        foreach (var file in Directory.EnumerateFiles(_root))
        {
            if (!referenced.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The content file of a hash: hashes are lower-case hex (computed here, never taken from a caller).</summary>
    private string ContentPath(string sha256) =>
        sha256.Length == 64 && sha256.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(_root, sha256)
            : throw new InvalidOperationException($"'{sha256}' is not a SHA-256");

    private static ObjectInfo Info(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
        DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture));
}
