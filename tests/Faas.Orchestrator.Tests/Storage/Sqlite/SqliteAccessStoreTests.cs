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
    public async Task Keys_CreateFindListTouchDelete_RoundTrip()
    {
        using var store = new SqliteAccessStore(Db);
        var hash = RandomNumberGenerator.GetBytes(32);

        Assert.That(await store.CreateAsync(Key("team-a", "ci", hash, s_now.AddDays(1))), Is.True);
        Assert.That(await store.CreateAsync(Key("team-a", "ci")), Is.False, "names are unique within a namespace");
        Assert.That(await store.CreateAsync(Key("team-b", "ci")), Is.True, "but not across namespaces");
        Assert.That(await store.CreateAsync(Key("team-b", "limited")), Is.True);
        await store.TouchAsync("team-a", "ci", s_now.AddMinutes(5));

        var found = await store.FindAsync(hash);
        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Namespace, Is.EqualTo("team-a"));
        Assert.That(found.Scopes, Is.EqualTo(new[] { "invoke", "manage" }));
        Assert.That(found.Functions, Is.Null);
        Assert.That(found.CreatedAt, Is.EqualTo(s_now));
        Assert.That(found.ExpiresAt, Is.EqualTo(s_now.AddDays(1)));
        Assert.That(found.LastUsedAt, Is.EqualTo(s_now.AddMinutes(5)));
        Assert.That((await store.ListAsync("team-b")).Select(k => k.Name), Is.EqualTo(new[] { "ci", "limited" }));
        Assert.That((await store.ListAsync("team-b"))[1].Functions, Is.EqualTo(new[] { "echo" }));
        Assert.That(await store.ListAsync(null), Has.Count.EqualTo(3));

        Assert.That(await store.DeleteAsync("team-a", "ci"), Is.True);
        Assert.That(await store.FindAsync(hash), Is.Null);
        Assert.That(await store.DeleteAsync("team-a", "ci"), Is.False);
    }

    [Test]
    public async Task Users_CreateFindUpdateListDelete_RoundTrip()
    {
        using var store = new SqliteAccessStore(Db);
        IUserStore users = store;
        var alice = new StoredUser("alice", "team-a", "pbkdf2-sha256$600000$x$y", ["invoke"], false, "s1", s_now, s_now);

        Assert.That(await users.CreateAsync(alice), Is.True);
        Assert.That(await users.CreateAsync(alice with { Namespace = "team-b" }), Is.False, "usernames are unique across namespaces");
        Assert.That(await users.UpdateAsync(alice with { Disabled = true, SecurityStamp = "s2", UpdatedAt = s_now.AddHours(1) }), Is.True);
        Assert.That(await users.UpdateAsync(alice with { Username = "nobody" }), Is.False);

        var found = await users.FindAsync("alice");
        Assert.That(found, Is.EqualTo(alice with { Disabled = true, SecurityStamp = "s2", UpdatedAt = s_now.AddHours(1) }).Using<StoredUser>(Same));
        Assert.That((await users.ListAsync("team-a")).Select(u => u.Username), Is.EqualTo(new[] { "alice" }));
        Assert.That(await users.ListAsync("team-b"), Is.Empty);
        Assert.That(await users.DeleteAsync("alice"), Is.True);
        Assert.That(await users.FindAsync("alice"), Is.Null);
    }

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

    private static bool Same(StoredUser a, StoredUser b) =>
        a with { Scopes = [] } == b with { Scopes = [] } && a.Scopes.SequenceEqual(b.Scopes);
}
