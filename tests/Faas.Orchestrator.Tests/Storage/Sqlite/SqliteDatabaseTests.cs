using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Orchestrator.Secrets;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>Issue 18, finding 10: the stores (code, environment values, request bodies, secrets) are the platform's only.</summary>
[TestFixture]
public sealed class SqliteDatabaseTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-sqlite-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static IDisposable OpenStore(string name, string path) => name switch
    {
        "registry.db" => new SqliteFunctionStore(path, path + ".artifacts", TimeProvider.System),
        "executions.db" => new SqliteExecutionStore(path, TimeProvider.System),
        _ => new SqliteSecretStore(path, new byte[SecretCipher.KeyBytes], TimeProvider.System),
    };

    [TestCase("registry.db")]
    [TestCase("executions.db")]
    [TestCase("secrets.db")]
    public void Open_NewStore_DatabaseWalAndShmAreOwnerOnly(string name)
    {
        var path = Path.Combine(_directory, name);

        using var store = OpenStore(name, path);

        Assert.Multiple(() =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.That(File.Exists(file), Is.True, file);
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerReadWrite), file);
            }
        });
    }

    [TestCase("registry.db")]
    [TestCase("executions.db")]
    [TestCase("secrets.db")]
    public void Open_ExistingFilesReadableByOthers_MadeOwnerOnly(string name)
    {
        var path = Path.Combine(_directory, name);
        // As an older version left them: 0644, in WAL mode, with -wal and -shm present (a connection is open).
        using var older = new SqliteConnection($"Data Source={path};Pooling=False");
        older.Open();
        using (var command = older.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE leftover (x); INSERT INTO leftover VALUES (1);";
            command.ExecuteNonQuery();
        }
        var readable = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.SetUnixFileMode(file, readable);
        }

        using var store = OpenStore(name, path);

        Assert.Multiple(() =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerReadWrite), file);
            }
        });
    }

    [Test]
    public void Open_MissingStorageDirectory_CreatedTraverseOnly()
    {
        var storage = Path.Combine(_directory, "storage");

        using var store = OpenStore("registry.db", Path.Combine(storage, "registry.db"));

        Assert.That(File.GetUnixFileMode(storage), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
    }
}
