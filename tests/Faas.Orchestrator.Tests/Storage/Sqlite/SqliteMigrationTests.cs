using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>
/// Schema versions (<c>PRAGMA user_version</c>): a registry created before versions were recorded opens as version 1 and
/// keeps its functions, then moves on to the current version (2: aliases, schedules; executions: qualifier, version, schedule).
/// </summary>
[TestFixture]
public sealed class SqliteMigrationTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-migration-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    /// <summary>The registry's layout as the first release created it (no user_version), with one function at version 2.</summary>
    private string CreateFirstReleaseRegistry()
    {
        var path = Path.Combine(_directory, "registry.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE functions (
                name TEXT PRIMARY KEY, version INTEGER NOT NULL, code TEXT NOT NULL, artifact_hash TEXT NOT NULL,
                settings TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE function_versions (
                name TEXT NOT NULL, version INTEGER NOT NULL, code TEXT NOT NULL, artifact_hash TEXT NOT NULL,
                settings TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (name, version));
            INSERT INTO functions VALUES ('kept', 2, 'object Handle(FaasRequest r) => 2;', 'h2',
                '{"ExecutionMode":"Process","Handler":"Handle","Timeout":"00:00:07","MemoryBytes":268435456,"MinInstances":1}',
                '2025-01-01T00:00:00.0000000+00:00', '2025-01-02T00:00:00.0000000+00:00');
            INSERT INTO function_versions VALUES ('kept', 1, 'object Handle(FaasRequest r) => 1;', 'h1', '{}', '2025-01-01T00:00:00.0000000+00:00');
            INSERT INTO function_versions VALUES ('kept', 2, 'object Handle(FaasRequest r) => 2;', 'h2', '{}', '2025-01-02T00:00:00.0000000+00:00');
            """;
        command.ExecuteNonQuery();
        return path;
    }

    [Test]
    public async Task Open_RegistryFromTheFirstRelease_KeepsItsFunctionsAndHistoryInDefaultAndMigratesToTheCurrentVersion()
    {
        var path = CreateFirstReleaseRegistry();

        using (var store = new SqliteFunctionStore(path, Path.Combine(_directory, "artifacts"), TimeProvider.System))
        {
            var functions = await store.ListAsync();
            Assert.That(functions.Select(f => (f.Name, f.Version, f.ArtifactHash)), Is.EqualTo(new[] { ("kept", 2L, "h2") }));
            Assert.That(functions[0].Settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(functions[0].Settings.MinInstances, Is.EqualTo(1));
            Assert.That(functions[0].Namespace, Is.EqualTo(NamespaceName.Default));
            Assert.That((await store.ListNamespacesAsync()).Select(n => n.Name), Is.EqualTo(new[] { NamespaceName.Default }));
            Assert.That((await store.ListVersionsAsync(FunctionKey.Default("kept"))).Select(v => v.Version), Is.EqualTo(new[] { 1L, 2L }));
            Assert.That((await store.FindVersionAsync(FunctionKey.Default("kept"), 1))!.Code, Does.Contain("=> 1"));
            var next = await store.UpdateAsync(FunctionKey.Default("kept"), "object Handle(FaasRequest r) => 3;", "h3", new FunctionSettings());
            Assert.That(next!.Version, Is.EqualTo(3));
            Assert.That(await store.SetAliasAsync(new FunctionAlias("kept", "prod", [new AliasRoute(2, 100)], DateTimeOffset.UnixEpoch)), Is.True);
            Assert.That((await store.ListAliasesAsync(FunctionKey.Default("kept"))).Single().Routes, Is.EqualTo(new[] { new AliasRoute(2, 100) }));
        }

        Assert.That(UserVersion(path), Is.EqualTo(3));
    }

    [Test]
    public void Open_DatabaseNewerThanThisCode_RefusedWithWhy()
    {
        var path = Path.Combine(_directory, "registry.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        Assert.That(() => new SqliteFunctionStore(path, Path.Combine(_directory, "artifacts"), TimeProvider.System),
            Throws.InvalidOperationException.With.Message.Contains("schema version 99"));
    }

    [TestCase("executions.db")]
    [TestCase("secrets.db")]
    [TestCase("registry.db")]
    public void Open_NewDatabase_RecordsTheCurrentVersion(string name)
    {
        var path = Path.Combine(_directory, name);
        using (IDisposable store = name switch
        {
            "executions.db" => new SqliteExecutionStore(path, TimeProvider.System),
            "secrets.db" => new SqliteSecretStore(path, new byte[Faas.Orchestrator.Secrets.SecretCipher.KeyBytes], TimeProvider.System),
            _ => new SqliteFunctionStore(path, path + ".artifacts", TimeProvider.System),
        })
        {
        }

        Assert.That(UserVersion(path), Is.EqualTo(name == "secrets.db" ? 2 : 3));
    }

    [Test]
    public async Task Open_ExecutionsFromVersion1_KeepsThemAndAddsVersionColumns()
    {
        var path = Path.Combine(_directory, "executions.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE executions (
                    id TEXT PRIMARY KEY, function TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL,
                    headers TEXT NOT NULL, body BLOB NOT NULL, callback_url TEXT, callback_state TEXT, status TEXT NOT NULL,
                    attempts INTEGER NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,
                    next_attempt_at INTEGER NOT NULL, result_status INTEGER, result_headers TEXT, result_body BLOB, error TEXT);
                INSERT INTO executions (id, function, method, path, query, headers, body, status, attempts, created_at, next_attempt_at)
                    VALUES ('old', 'fn', 'POST', '/', '[]', '[]', x'', 'queued', 0, 1000, 1000);
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        using (var store = new SqliteExecutionStore(path, TimeProvider.System))
        {
            var old = await store.FindAsync("old");
            Assert.That(old!.Function, Is.EqualTo("fn"));
            Assert.That(old.Namespace, Is.EqualTo(NamespaceName.Default));
            Assert.That((old.Qualifier, old.Version, old.Schedule), Is.EqualTo(((string?)null, (long?)null, (string?)null)));
            await store.CompleteAsync("old", Faas.Orchestrator.Executions.ExecutionStatus.Succeeded,
                new Faas.Orchestrator.Executions.ExecutionResult(200, [], [], null) { Version = 4 });
            Assert.That((await store.ListAsync(FunctionKey.Default("fn"), 10)).Single().Version, Is.EqualTo(4));
        }

        Assert.That(UserVersion(path), Is.EqualTo(3));
    }

    private static long UserVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return SqliteDatabase.UserVersion(connection);
    }
}
