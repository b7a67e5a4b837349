using System.Security.Cryptography;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>The SQLite stores with namespaces: the same names kept apart per namespace, namespaces' lifecycle, and the v1 secrets' migration.</summary>
[TestFixture]
public sealed class SqliteNamespaceStoreTests
{
    private static readonly FunctionKey s_defaultFn = FunctionKey.Default("fn");
    private static readonly FunctionKey s_teamFn = new("team-a", "fn");

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-ns-store-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private SqliteFunctionStore Registry() =>
        new(Path.Combine(_directory, "registry.db"), Path.Combine(_directory, "artifacts"), TimeProvider.System);

    [Test]
    public async Task Create_SameNameInTwoNamespaces_KeptApartWithTheirHistoryAliasesAndSchedules()
    {
        using var store = Registry();
        Assert.That(await store.CreateNamespaceAsync("team-a", NamespaceQuota.Unlimited), Is.True);

        await store.CreateAsync(s_defaultFn, "default code", "h1", new FunctionSettings());
        await store.CreateAsync(s_teamFn, "team code", "h2", new FunctionSettings());
        await store.UpdateAsync(s_teamFn, "team code 2", "h3", new FunctionSettings());
        await store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(2, 100)], DateTimeOffset.UnixEpoch) { Namespace = "team-a" });
        await store.SaveScheduleAsync(Schedule("team-a"), replace: false);

        Assert.That((await store.FindAsync(s_defaultFn))!.Code, Is.EqualTo("default code"));
        Assert.That((await store.FindAsync(s_teamFn))!.Code, Is.EqualTo("team code 2"));
        Assert.That((await store.FindAsync(s_teamFn))!.Namespace, Is.EqualTo("team-a"));
        Assert.That((await store.ListVersionsAsync(s_defaultFn)).Select(v => v.Version), Is.EqualTo(new[] { 1L }));
        Assert.That((await store.ListVersionsAsync(s_teamFn)).Select(v => (v.Version, v.Namespace)), Is.EqualTo(new[] { (1L, "team-a"), (2L, "team-a") }));
        Assert.That(await store.ListAliasesAsync(s_defaultFn), Is.Empty);
        Assert.That((await store.ListAliasesAsync(s_teamFn)).Single().Namespace, Is.EqualTo("team-a"));
        Assert.That(await store.ListSchedulesAsync(s_defaultFn), Is.Empty);
        Assert.That((await store.ListSchedulesAsync(null)).Single().Key, Is.EqualTo(s_teamFn));
        Assert.That((await store.ListAsync()).Select(f => f.Key), Is.EqualTo(new[] { s_defaultFn, s_teamFn }));

        Assert.That(await store.DeleteAsync(s_teamFn), Is.True);
        Assert.That(await store.FindAsync(s_defaultFn), Is.Not.Null);
        Assert.That(await store.ListSchedulesAsync(null), Is.Empty);
        Assert.That(await store.ListVersionsAsync(s_teamFn), Is.Empty);
    }

    [Test]
    public async Task Create_InANamespaceThatDoesNotExist_Null()
    {
        using var store = Registry();

        Assert.That(await store.CreateAsync(new FunctionKey("nowhere", "fn"), "code", "h", new FunctionSettings()), Is.Null);
        Assert.That(await store.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task DeleteNamespace_HoldingAFunction_NotEmptyUntilTheFunctionIsGone()
    {
        using var store = Registry();
        await store.CreateNamespaceAsync("team-a", new NamespaceQuota(Instances: 2));
        await store.CreateAsync(s_teamFn, "code", "h", new FunctionSettings());

        Assert.That(await store.DeleteNamespaceAsync("team-a"), Is.EqualTo(NamespaceDeletion.NotEmpty));
        await store.DeleteAsync(s_teamFn);
        Assert.That(await store.DeleteNamespaceAsync("team-a"), Is.EqualTo(NamespaceDeletion.Deleted));
        Assert.That(await store.DeleteNamespaceAsync("team-a"), Is.EqualTo(NamespaceDeletion.NotFound));
        Assert.That(await store.DeleteNamespaceAsync(NamespaceName.Default), Is.EqualTo(NamespaceDeletion.Default));
    }

    [Test]
    public async Task SetNamespaceQuota_Stored_ReadBackAfterReopening()
    {
        using (var store = Registry())
        {
            Assert.That(await store.CreateNamespaceAsync("team-a", NamespaceQuota.Unlimited), Is.True);
            Assert.That(await store.CreateNamespaceAsync("team-a", NamespaceQuota.Unlimited), Is.False);
            Assert.That(await store.SetNamespaceQuotaAsync("team-a", new NamespaceQuota(1, 2, 3, 4)), Is.True);
            Assert.That(await store.SetNamespaceQuotaAsync("nowhere", new NamespaceQuota(1, 2, 3, 4)), Is.False);
        }

        using var reopened = Registry();
        var all = await reopened.ListNamespacesAsync();
        Assert.That(all.Select(n => (n.Name, n.Quota)), Is.EqualTo(new[] { (NamespaceName.Default, NamespaceQuota.Unlimited), ("team-a", new NamespaceQuota(1, 2, 3, 4)) }));
    }

    [Test]
    public async Task Secrets_SameNameInTwoNamespaces_EachReadsItsOwnValue()
    {
        using var secrets = new SqliteSecretStore(Path.Combine(_directory, "secrets.db"), RandomNumberGenerator.GetBytes(32), TimeProvider.System);

        Assert.That(await secrets.CreateAsync(NamespaceName.Default, "db", "default's"), Is.True);
        Assert.That(await secrets.CreateAsync("team-a", "db", "team-a's", ["ci"]), Is.True);

        Assert.That(await secrets.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("default's"));
        Assert.That(await secrets.ReadAsync("team-a", "db"), Is.EqualTo("team-a's"));
        Assert.That(await secrets.GrantsOfAsync(NamespaceName.Default, "db"), Is.Empty);
        Assert.That(await secrets.ReadAsync("team-b", "db"), Is.Null);
        Assert.That((await secrets.ListAsync("team-a")).Select(s => (s.Name, s.Namespace)), Is.EqualTo(new[] { ("db", "team-a") }));
        Assert.That(await secrets.DeleteAsync("team-a", "db"), Is.True);
        Assert.That(await secrets.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("default's"));
    }

    [Test]
    public async Task Secrets_SealedValueMovedToAnotherNamespace_DoesNotOpen()
    {
        var path = Path.Combine(_directory, "secrets.db");
        using var secrets = new SqliteSecretStore(path, RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        await secrets.CreateAsync("team-a", "db", "team-a's");
        await secrets.CreateAsync("team-b", "db", "team-b's");

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE secrets SET value = (SELECT value FROM secrets WHERE namespace = 'team-a') WHERE namespace = 'team-b'";
            command.ExecuteNonQuery();
        }

        Assert.That(async () => await secrets.ReadAsync("team-b", "db"), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public async Task Secrets_FromSchemaVersion1_ValuesStillOpenInDefault()
    {
        var path = Path.Combine(_directory, "secrets.db");
        var key = RandomNumberGenerator.GetBytes(32);
        using (var cipher = new SecretCipher(key))
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, grants TEXT NOT NULL DEFAULT '');
                INSERT INTO secrets VALUES ('db', $value, '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:00:00.0000000+00:00', 'ci');
                PRAGMA user_version = 1;
                """;
            command.Parameters.AddWithValue("$value", cipher.Encrypt("db", "old value"));
            command.ExecuteNonQuery();
        }

        using var secrets = new SqliteSecretStore(path, key, TimeProvider.System);

        Assert.That(await secrets.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("old value"));
        Assert.That(await secrets.GrantsOfAsync(NamespaceName.Default, "db"), Is.EqualTo(new[] { "ci" }));
    }

    [Test]
    public async Task Executions_SameFunctionNameInTwoNamespaces_ListedApart()
    {
        using var executions = new SqliteExecutionStore(Path.Combine(_directory, "executions.db"), TimeProvider.System);

        var mine = await executions.AddAsync(new ExecutionRequest("fn", "POST", "/", [], [], Array.Empty<byte>(), null), 100);
        var theirs = await executions.AddAsync(new ExecutionRequest("fn", "POST", "/", [], [], Array.Empty<byte>(), null) { Namespace = "team-a" }, 100);

        Assert.That((await executions.ListAsync(s_defaultFn, 10)).Select(e => e.Id), Is.EqualTo(new[] { mine!.Id }));
        Assert.That((await executions.ListAsync(s_teamFn, 10)).Select(e => e.Id), Is.EqualTo(new[] { theirs!.Id }));
        Assert.That((await executions.FindAsync(theirs.Id))!.Namespace, Is.EqualTo("team-a"));
    }

    private static ScheduleRecord Schedule(string @namespace) =>
        new("fn", "nightly", "0 3 * * *", "UTC", null, [], [], CatchUpPolicy.Skip, ScheduleOrigin.Api, DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddDays(1), null)
        {
            Namespace = @namespace,
        };
}
