using Faas.Gateway.Auth;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class UserSessionsTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void NewClock() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static StoredUser User(string stamp, bool disabled = false) =>
        new("alice", "default", "hash", ["invoke"], disabled, stamp, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Test]
    public async Task Current_ChangedHereAndForgotten_ReturnsTheChangeAtOnce()
    {
        var store = new InMemoryUserStore();
        var sessions = new UserSessions(store, _time);
        await store.CreateAsync(User("one"));
        Assert.That((await sessions.CurrentAsync("alice", default))!.SecurityStamp, Is.EqualTo("one"));

        await store.UpdateAsync(User("two", disabled: true));
        sessions.Forget("alice");

        var current = await sessions.CurrentAsync("alice", default);
        Assert.That(current!.Disabled, Is.True);
        Assert.That(current.SecurityStamp, Is.EqualTo("two"));
    }

    [Test]
    public async Task Current_DeletedElsewhere_IsNullAfterTheFreshness()
    {
        var store = new InMemoryUserStore();
        var sessions = new UserSessions(store, _time);
        await store.CreateAsync(User("one"));
        await sessions.CurrentAsync("alice", default);

        await store.DeleteAsync("alice");
        _time.Advance(StoredKeys.Freshness + TimeSpan.FromMilliseconds(1));

        Assert.That(await sessions.CurrentAsync("alice", default), Is.Null);
    }
}
