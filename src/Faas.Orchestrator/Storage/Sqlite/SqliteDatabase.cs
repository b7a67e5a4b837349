using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// The platform's SQLite files (registry, executions, secrets): opened the same way — WAL,
/// <c>synchronous=FULL</c> so a committed change survives a crash, a busy timeout — and queried with
/// parameterized commands only. They hold code, environment values, request bodies and secrets, so the
/// database and its <c>-wal</c>/<c>-shm</c>/<c>-journal</c> files are the platform's only (0600), also when an
/// older version left them readable by others.
/// </summary>
internal static class SqliteDatabase
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The storage directory: sandboxes (each its own uid) traverse it to reach their socket directories, nothing more (0711).</summary>
    internal const UnixFileMode StorageDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly string[] s_companions = ["-wal", "-shm", "-journal"];

    public static SqliteConnection Open(string databasePath, string extraPragmas = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, StorageDirectoryMode);
        // SQLite creates -wal and -shm with the database file's mode: make the database 0600 first.
        CreatePrivate(databasePath);
        Restrict(databasePath);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; " + extraPragmas);
        Restrict(databasePath);
        return connection;
    }

    /// <summary>
    /// Brings the schema forward: <paramref name="migrations"/>[i] turns version i into version i + 1, each in its own
    /// transaction with the new <c>PRAGMA user_version</c>. Version 1 is the layout from before versions were kept:
    /// its statements are idempotent (<c>CREATE ... IF NOT EXISTS</c>), so a database created then (user_version 0,
    /// tables present) is taken as version 1 with its rows. A database newer than this code is refused.
    /// </summary>
    public static void Migrate(SqliteConnection connection, string database, IReadOnlyList<Action<SqliteConnection>> migrations)
    {
        var version = UserVersion(connection);
        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"{database} has schema version {version}, newer than this platform knows ({migrations.Count}); use a newer Faas");
        }

        for (; version < migrations.Count; version++)
        {
            using var transaction = connection.BeginTransaction();
            migrations[(int)version](connection);
            connection.Execute($"PRAGMA user_version = {version + 1}");
            transaction.Commit();
        }
    }

    public static long UserVersion(SqliteConnection connection)
    {
        using var command = connection.Command("PRAGMA user_version");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(this SqliteConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        command.ExecuteNonQuery();
    }

    public static SqliteCommand Command(this SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static void CreatePrivate(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            // An empty file is an empty database.
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerReadWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another connection; Restrict fixes its mode.
        }
    }

    /// <summary>Makes the database and whichever of its companion files exist 0600.</summary>
    private static void Restrict(string databasePath)
    {
        File.SetUnixFileMode(databasePath, OwnerReadWrite);
        foreach (var suffix in s_companions)
        {
            try
            {
                File.SetUnixFileMode(databasePath + suffix, OwnerReadWrite);
            }
            catch (FileNotFoundException)
            {
            }
        }
    }
}
