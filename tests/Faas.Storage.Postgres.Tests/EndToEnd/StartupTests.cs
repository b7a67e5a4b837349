using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>A node that cannot join refuses to start, saying why: bad connection string, no server, another secrets key.</summary>
[TestFixture]
public sealed class StartupTests
{
    private static async Task<string> FailedStartAsync(string yaml, string secretsKey)
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(yaml,
            new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1", ["FAAS_SECRETS_KEY"] = secretsKey }));
        Assert.That(error!.Message, Does.Contain("exited with 1"));
        return error.Message;
    }

    private static string Key() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Test]
    public async Task Start_InvalidConnectionString_ConfigErrorNamingIt()
    {
        var output = await FailedStartAsync(TestCluster.Config("Host=127.0.0.1;Port=notaport;Database=faas", "node-x", 1, "", "none"), Key());

        Assert.That(output, Does.Contain("registry").And.Contain("connection string is not valid"));
    }

    [Test]
    public async Task Start_NoServerThere_SaysItCannotReachIt()
    {
        var port = GatewayProcess.FreePort();
        var output = await FailedStartAsync(
            TestCluster.Config($"Host=127.0.0.1;Port={port};Database=faas;Username=faas;Password=pw-not-shown;Timeout=2", "node-x", 1, "", "none"), Key());

        Assert.That(output, Does.Contain($"PostgreSQL at 127.0.0.1:{port}/faas as faas").And.Contain("cannot be reached"));
        Assert.That(output, Does.Not.Contain("pw-not-shown"));
    }

    [Test]
    public async Task Start_WrongPassword_SaysTheServerRefused()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync();
        var output = await FailedStartAsync(TestCluster.Config(database.Replace(server.Password, "wrong-password"), "node-x", 1, "", "none"), Key());

        Assert.That(output, Does.Contain("refused").And.Contain("password authentication failed"));
    }

    [Test]
    public async Task Start_AnotherSecretsKeyThanTheCluster_Refused()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync();
        await using var first = await GatewayProcess.StartAsync(TestCluster.Config(database, "node-a", 1, "", "none"),
            new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1", ["FAAS_SECRETS_KEY"] = Key() });

        var output = await FailedStartAsync(TestCluster.Config(database, "node-b", 1, "", "none"), Key());

        Assert.That(output, Does.Contain("secrets key is not the cluster's"));
    }
}
