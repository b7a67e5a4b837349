using System.Security.Cryptography;
using Faas.Orchestrator.Storage;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>What every key and user store does (<see cref="IApiKeyStore"/>, <see cref="IUserStore"/>), whatever keeps it: run against SQLite and PostgreSQL.</summary>
public abstract class AccessStoreContract
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected IApiKeyStore Keys { get; private set; } = null!;

    protected IUserStore Users { get; private set; } = null!;

    /// <summary>An empty store, as both interfaces.</summary>
    protected abstract Task<(IApiKeyStore Keys, IUserStore Users)> OpenEmptyAsync();

    protected abstract Task CloseAsync();

    [SetUp]
    public async Task OpenStoreAsync() => (Keys, Users) = await OpenEmptyAsync();

    [TearDown]
    public Task CloseStoreAsync() => CloseAsync();

    private static StoredApiKey Key(string ns, string name, byte[]? hash = null, DateTimeOffset? expires = null) =>
        new(ns, name, hash ?? RandomNumberGenerator.GetBytes(32), ["invoke", "manage"], name == "limited" ? ["echo"] : null, s_now, expires);

    [Test]
    public async Task Keys_CreateFindListTouchDelete_RoundTrip()
    {
        var hash = RandomNumberGenerator.GetBytes(32);

        Assert.That(await Keys.CreateAsync(Key("team-a", "ci", hash, s_now.AddDays(1))), Is.True);
        Assert.That(await Keys.CreateAsync(Key("team-a", "ci")), Is.False, "names are unique within a namespace");
        Assert.That(await Keys.CreateAsync(Key("team-b", "ci")), Is.True, "but not across namespaces");
        Assert.That(await Keys.CreateAsync(Key("team-b", "limited")), Is.True);
        await Keys.TouchAsync("team-a", "ci", s_now.AddMinutes(5));

        var found = await Keys.FindAsync(hash);
        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Namespace, Is.EqualTo("team-a"));
        Assert.That(found.Scopes, Is.EqualTo(new[] { "invoke", "manage" }));
        Assert.That(found.Functions, Is.Null);
        Assert.That(found.CreatedAt, Is.EqualTo(s_now));
        Assert.That(found.ExpiresAt, Is.EqualTo(s_now.AddDays(1)));
        Assert.That(found.LastUsedAt, Is.EqualTo(s_now.AddMinutes(5)));
        Assert.That((await Keys.ListAsync("team-b")).Select(k => k.Name), Is.EqualTo(new[] { "ci", "limited" }));
        Assert.That((await Keys.ListAsync("team-b"))[1].Functions, Is.EqualTo(new[] { "echo" }));
        Assert.That(await Keys.ListAsync(null), Has.Count.EqualTo(3));

        Assert.That(await Keys.DeleteAsync("team-a", "ci"), Is.True);
        Assert.That(await Keys.FindAsync(hash), Is.Null);
        Assert.That(await Keys.DeleteAsync("team-a", "ci"), Is.False);
    }

    [Test]
    public async Task Users_CreateFindUpdateListDelete_RoundTrip()
    {
        var alice = new StoredUser("alice", "team-a", "pbkdf2-sha256$600000$x$y", ["invoke"], false, "s1", s_now, s_now);
        var changed = alice with { Disabled = true, SecurityStamp = "s2", Scopes = ["invoke", "manage"], UpdatedAt = s_now.AddHours(1) };

        Assert.That(await Users.CreateAsync(alice), Is.True);
        Assert.That(await Users.CreateAsync(alice with { Namespace = "team-b" }), Is.False, "usernames are unique across namespaces");
        Assert.That(await Users.UpdateAsync(changed), Is.True);
        Assert.That(await Users.UpdateAsync(alice with { Username = "nobody" }), Is.False);

        var found = await Users.FindAsync("alice");
        Assert.That(found, Is.Not.Null);
        Assert.That(found! with { Scopes = [] }, Is.EqualTo(changed with { Scopes = [] }));
        Assert.That(found.Scopes, Is.EqualTo(new[] { "invoke", "manage" }));
        Assert.That((await Users.ListAsync("team-a")).Select(u => u.Username), Is.EqualTo(new[] { "alice" }));
        Assert.That(await Users.ListAsync("team-b"), Is.Empty);
        Assert.That(await Users.ListAsync(null), Has.Count.EqualTo(1));
        Assert.That(await Users.DeleteAsync("alice"), Is.True);
        Assert.That(await Users.FindAsync("alice"), Is.Null);
        Assert.That(await Users.DeleteAsync("alice"), Is.False);
    }
}
