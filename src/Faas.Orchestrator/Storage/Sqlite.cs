using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// The platform's SQLite files (registry, executions, secrets): opened the same way — WAL,
/// <c>synchronous=FULL</c> so a committed change survives a crash, a busy timeout — and queried with
/// parameterized commands only.
/// </summary>
internal static class Sqlite
{
    public static SqliteConnection Open(string databasePath, string extraPragmas = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; " + extraPragmas);
        return connection;
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
}
