using Faas.Storage.Postgres.Database;
using Faas.Tests.Common;
using Npgsql;

namespace Faas.Storage.Postgres.Tests;

/// <summary>A fresh database on the run's server for one fixture, emptied between tests.</summary>
internal sealed class TestDatabase
{
    private TestDatabase(PostgresServer server, string connectionString)
    {
        Server = server;
        ConnectionString = connectionString;
    }

    public PostgresServer Server { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = await PostgresServer.SharedAsync();
        return new TestDatabase(server, await server.CreateDatabaseAsync());
    }

    /// <summary>A database object of a process (each "node" gets its own).</summary>
    public async Task<PostgresDatabase> OpenAsync()
    {
        var database = new PostgresDatabase(ConnectionString);
        await database.EnsureReadyAsync();
        return database;
    }

    /// <summary>Removes every row (the schema stays).</summary>
    public async Task EmptyAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "DO $$ BEGIN IF to_regclass('aliases') IS NOT NULL THEN " +
            "TRUNCATE functions, function_versions, artifacts, secrets, executions, function_logs, cluster_nodes, cluster_meta, aliases, schedules; END IF; " +
            "IF to_regclass('api_keys') IS NOT NULL THEN TRUNCATE api_keys, users; END IF; END $$", connection);
        await command.ExecuteNonQueryAsync();
    }
}
