using System.Security.Cryptography;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Secrets;

/// <summary>Security issue 18 finding 3: a secret carries the API keys it is granted to, kept in secrets.db.</summary>
[TestFixture]
public sealed class SecretGrantsTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-grants-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Db => Path.Combine(_directory, "secrets.db");

    [Test]
    public async Task GrantsOf_CreateThenUpdate_KeepsWhatWasNotChanged()
    {
        using var store = new SqliteSecretStore(Db, RandomNumberGenerator.GetBytes(32), TimeProvider.System);

        Assert.That(await store.GrantsOfAsync(NamespaceName.Default, "db"), Is.Null);
        await store.CreateAsync(NamespaceName.Default, "db", "v1", ["ci", "team-a"]);
        Assert.That(await store.GrantsOfAsync(NamespaceName.Default, "db"), Is.EqualTo(new[] { "ci", "team-a" }));

        await store.UpdateAsync(NamespaceName.Default, "db", "v2");
        Assert.That(await store.GrantsOfAsync(NamespaceName.Default, "db"), Is.EqualTo(new[] { "ci", "team-a" }));
        Assert.That(await store.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("v2"));

        await store.UpdateAsync(NamespaceName.Default, "db", null, ["team-b"]);
        Assert.That(await store.GrantsOfAsync(NamespaceName.Default, "db"), Is.EqualTo(new[] { "team-b" }));
        Assert.That(await store.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("v2"));
        Assert.That((await store.ListAsync(NamespaceName.Default)).Single().Grants, Is.EqualTo(new[] { "team-b" }));

        await store.UpdateAsync(NamespaceName.Default, "db", null, []);
        Assert.That(await store.GrantsOfAsync(NamespaceName.Default, "db"), Is.Empty);
    }

    [Test]
    public async Task Open_DatabaseFromBeforeGrants_MigratesForwardWithNoGrants()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using (var store = new SqliteSecretStore(Db, key, TimeProvider.System))
        {
            await store.CreateAsync(NamespaceName.Default, "old", "value");
        }

        // Rebuild the table as it was before grants existed, keeping the sealed row.
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE old_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
                INSERT INTO old_secrets SELECT name, value, created_at, updated_at FROM secrets;
                DROP TABLE secrets;
                ALTER TABLE old_secrets RENAME TO secrets;
                PRAGMA user_version = 0;
                """;
            command.ExecuteNonQuery();
        }

        using var migrated = new SqliteSecretStore(Db, key, TimeProvider.System);

        Assert.That(await migrated.GrantsOfAsync(NamespaceName.Default, "old"), Is.Empty);
        Assert.That(await migrated.ReadAsync(NamespaceName.Default, "old"), Is.EqualTo("value"));
        await migrated.UpdateAsync(NamespaceName.Default, "old", null, ["ci"]);
        Assert.That(await migrated.GrantsOfAsync(NamespaceName.Default, "old"), Is.EqualTo(new[] { "ci" }));
    }

    [TestCase("")]
    [TestCase("with\nnewline")]
    public void Problem_BadGrantName_Refused(string grant) =>
        Assert.That(SecretGrants.Problem([grant]), Does.Contain("API key's name"));

    [Test]
    public void Problem_TooManyGrants_Refused() =>
        Assert.That(SecretGrants.Problem(Enumerable.Range(0, SecretGrants.MaxGrants + 1).Select(i => $"k{i}").ToList()), Does.Contain("at most"));
}
