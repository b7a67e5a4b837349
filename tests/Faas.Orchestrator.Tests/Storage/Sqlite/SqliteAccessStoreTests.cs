using System.Security.Cryptography;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteAccessStoreTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-access-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Db => Path.Combine(_directory, "access.db");

    private static StoredApiKey Key(string ns, string name, byte[]? hash = null, DateTimeOffset? expires = null) =>
        new(ns, name, hash ?? RandomNumberGenerator.GetBytes(32), ["invoke", "manage"], name == "limited" ? ["echo"] : null, s_now, expires);

    [Test]
    public async Task Open_Twice_KeepsRowsAndTheFileIsOwnerOnly()
    {
        var hash = RandomNumberGenerator.GetBytes(32);
        using (var first = new SqliteAccessStore(Db))
        {
            await first.CreateAsync(Key("default", "ci", hash));
        }

        using var second = new SqliteAccessStore(Db);

        Assert.That(await second.FindAsync(hash), Is.Not.Null);
        Assert.That(File.GetUnixFileMode(Db), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }
}
