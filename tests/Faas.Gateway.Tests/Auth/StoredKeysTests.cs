using Faas.Gateway.Auth;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class StoredKeysTests
{
    private const string Token = "fk_a-stored-key-of-the-tests-0123456789";

    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private InMemoryApiKeyStore _store = null!;
    private StoredKeys _keys = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(s_start);
        _store = new InMemoryApiKeyStore();
        _keys = new StoredKeys(_store, _time, NullLogger<StoredKeys>.Instance);
    }

    private Task AddAsync(DateTimeOffset? expires = null, IReadOnlyList<string>? functions = null) =>
        _store.CreateAsync(new StoredApiKey("team-a", "ci", ApiKey.Hash(Token), ["invoke", "manage"], functions, _time.GetUtcNow(), expires));

    [Test]
    public async Task Authenticate_StoredKey_ReturnsCallerWithNamespaceScopesAndFunctions()
    {
        await AddAsync(functions: ["echo"]);

        var caller = await _keys.AuthenticateAsync(Token, default);

        Assert.That(caller, Is.Not.Null);
        Assert.That(caller!.Name, Is.EqualTo("ci"));
        Assert.That(caller.Namespace, Is.EqualTo("team-a"));
        Assert.That(caller.Scopes, Is.EqualTo(Scope.Invoke | Scope.Manage));
        Assert.That(caller.Allows("echo"), Is.True);
        Assert.That(caller.Allows("other"), Is.False);
    }

    [Test]
    public async Task Authenticate_UnknownOrWrongKey_ReturnsNull()
    {
        await AddAsync();

        Assert.That(await _keys.AuthenticateAsync("fk_not-the-key", default), Is.Null);
        Assert.That(await _keys.AuthenticateAsync(Token + "x", default), Is.Null);
    }

    [Test]
    public async Task Authenticate_AfterExpiry_ReturnsNull()
    {
        await AddAsync(expires: _time.GetUtcNow().AddMinutes(10));
        var before = await _keys.AuthenticateAsync(Token, default);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(before, Is.Not.Null);
        Assert.That(await _keys.AuthenticateAsync(Token, default), Is.Null);
    }

    [Test]
    public async Task Authenticate_RevokedHereWithForget_FailsAtOnce()
    {
        await AddAsync();
        Assert.That(await _keys.AuthenticateAsync(Token, default), Is.Not.Null);

        await _store.DeleteAsync("team-a", "ci");
        _keys.Forget("team-a", "ci");

        Assert.That(await _keys.AuthenticateAsync(Token, default), Is.Null);
    }

    [Test]
    public async Task Authenticate_RevokedOnAnotherNode_FailsWithinTheFreshness()
    {
        await AddAsync();
        Assert.That(await _keys.AuthenticateAsync(Token, default), Is.Not.Null);

        await _store.DeleteAsync("team-a", "ci");
        _time.Advance(StoredKeys.Freshness + TimeSpan.FromMilliseconds(1));

        Assert.That(StoredKeys.Freshness, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await _keys.AuthenticateAsync(Token, default), Is.Null);
    }

    [Test]
    public async Task Authenticate_ManyCallsWithinFreshness_LookUpTheStoreOnce()
    {
        await AddAsync();

        for (var i = 0; i < 10; i++)
        {
            await _keys.AuthenticateAsync(Token, default);
        }

        Assert.That(_store.Finds, Is.EqualTo(1));
    }

    [Test]
    public async Task Authenticate_ManyCalls_RecordUseAtMostOncePerMinute()
    {
        await AddAsync();

        for (var i = 0; i < 12; i++)
        {
            await _keys.AuthenticateAsync(Token, default);
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var listed = (await _store.ListAsync("team-a")).Single();
        Assert.That(_store.Touches, Is.EqualTo(2));
        Assert.That(listed.LastUsedAt, Is.EqualTo(s_start.AddMinutes(1)));
    }
}
