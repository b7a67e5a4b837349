using Faas.Storage.Postgres.Database;
using Npgsql;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Database;

[TestFixture]
public sealed class MigrationsTests
{
    [Test]
    public async Task EnsureReady_ManyNodesAtOnce_SchemaAppliedOnceAtTheLatestVersion()
    {
        var database = await TestDatabase.CreateAsync();
        var nodes = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(database.ConnectionString)).ToList();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.EnsureReadyAsync())));

        Assert.That(await Migrations.VersionAsync(nodes[0]), Is.EqualTo(Migrations.Latest));
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT count(*) FROM faas_schema", connection);
        Assert.That(await rows.ExecuteScalarAsync(), Is.EqualTo(1));
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Test]
    public async Task EnsureReady_DatabaseFromANewerPlatform_Refused()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand("CREATE TABLE faas_schema (version integer NOT NULL); INSERT INTO faas_schema VALUES (999)", connection);
            await newer.ExecuteNonQueryAsync();
        }

        await using var node = new PostgresDatabase(database.ConnectionString);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => node.EnsureReadyAsync());

        Assert.That(error!.Message, Does.Contain("schema version 999, newer than this platform knows"));
    }

    [Test]
    public async Task RunAsync_ServerUnreachable_StoreUnavailableNamingTheServerNotThePassword()
    {
        var port = Faas.Tests.Common.GatewayProcess.FreePort();
        await using var node = new PostgresDatabase($"Host=127.0.0.1;Port={port};Database=faas;Username=faas;Password=hunter2-secret;Timeout=2");

        var error = Assert.ThrowsAsync<Faas.Orchestrator.Storage.StoreUnavailableException>(() => node.RunAsync(_ => Task.FromResult(1)));

        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}/faas as faas").And.Contain("cannot be reached"));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [TestCase(null, "connection string is required")]
    [TestCase("Host=127.0.0.1;Port=notaport", "not valid")]
    [TestCase("Port=5432;Database=faas", "names no Host")]
    [TestCase("Host=127.0.0.1;Username=faas", "names no Database")]
    [TestCase("Host=127.0.0.1;Database=faas;Username=faas;Password=x", null)]
    public void Problem_ConnectionString_Explained(string? connectionString, string? expected)
    {
        var problem = ConnectionStrings.Problem(connectionString);

        Assert.That(problem, expected is null ? Is.Null : Does.Contain(expected));
    }
}
