using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class ApiKeyAuthenticatorTests
{
    private static readonly ApiKey s_demo = new("demo", ApiKey.Hash("demo-key"), Scope.Invoke | Scope.Manage, null);
    private static readonly ApiKey s_admin = new("admin", ApiKey.Hash("admin-key"), Scope.Invoke | Scope.Manage | Scope.Admin, null);

    private static IReadOnlyList<ApiKey> KeysFromConfig(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine()).ApiKeys;

    [Test]
    public void Authenticate_KnownKey_ReturnsIt()
    {
        var authenticator = new ApiKeyAuthenticator([s_demo, s_admin]);

        Assert.That(authenticator.Authenticate("demo-key"), Is.SameAs(s_demo));
        Assert.That(authenticator.Authenticate("admin-key"), Is.SameAs(s_admin));
    }

    [TestCase("demo-key ")]
    [TestCase("DEMO-KEY")]
    [TestCase("demo-ke")]
    [TestCase("demo-keyy")]
    [TestCase("Bearer demo-key")]
    public void Authenticate_NearMiss_ReturnsNull(string token)
    {
        var authenticator = new ApiKeyAuthenticator([s_demo, s_admin]);

        Assert.That(authenticator.Authenticate(token), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    public void Authenticate_NoToken_ReturnsNull(string? token)
    {
        var authenticator = new ApiKeyAuthenticator([s_demo]);

        Assert.That(authenticator.Authenticate(token), Is.Null);
    }

    [Test]
    public void Authenticate_HugeToken_ReturnsNull()
    {
        var huge = new string('x', 4097);
        var authenticator = new ApiKeyAuthenticator([new ApiKey("huge", ApiKey.Hash(huge), Scope.Invoke, null)]);

        Assert.That(authenticator.Authenticate(huge), Is.Null);
    }

    [Test]
    public void Authenticate_NoKeysConfigured_ReturnsNull()
    {
        Assert.That(new ApiKeyAuthenticator([]).Authenticate("demo-key"), Is.Null);
    }

    [Test]
    public void Authenticate_TwoEntriesWithTheSameKey_ReturnsTheFirst()
    {
        var second = s_demo with { Name = "second" };
        var authenticator = new ApiKeyAuthenticator([s_demo, second]);

        Assert.That(authenticator.Authenticate("demo-key"), Is.SameAs(s_demo));
    }

    [Test]
    public void Authenticate_KeySha256FromConfig_AcceptsTheRightPlaintext()
    {
        var hash = Convert.ToHexStringLower(ApiKey.Hash("correct horse battery staple"));
        var keys = KeysFromConfig($"auth:\n  api_keys:\n    - {{ name: ops, key_sha256: {hash}, scopes: [admin] }}\n");

        var found = new ApiKeyAuthenticator(keys).Authenticate("correct horse battery staple");

        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Name, Is.EqualTo("ops"));
        Assert.That(found.Scopes, Is.EqualTo(Scope.Admin));
    }

    [Test]
    public void Authenticate_KeySha256FromConfigUppercaseHex_AcceptsTheRightPlaintext()
    {
        var hash = Convert.ToHexString(ApiKey.Hash("correct horse battery staple"));
        var keys = KeysFromConfig($"auth:\n  api_keys:\n    - {{ key_sha256: {hash}, scopes: [invoke] }}\n");

        Assert.That(new ApiKeyAuthenticator(keys).Authenticate("correct horse battery staple"), Is.Not.Null);
    }

    [TestCase("correct horse battery stapl")]
    [TestCase("Correct horse battery staple")]
    [TestCase("other-key-entirely")]
    public void Authenticate_KeySha256FromConfig_RejectsOtherPlaintexts(string token)
    {
        var hash = Convert.ToHexStringLower(ApiKey.Hash("correct horse battery staple"));
        var keys = KeysFromConfig($"auth:\n  api_keys:\n    - {{ key_sha256: {hash}, scopes: [invoke] }}\n");

        Assert.That(new ApiKeyAuthenticator(keys).Authenticate(token), Is.Null);
    }

    [Test]
    public void Authenticate_KeySha256FromConfig_RejectsTheHashItself()
    {
        var hash = Convert.ToHexStringLower(ApiKey.Hash("correct horse battery staple"));
        var keys = KeysFromConfig($"auth:\n  api_keys:\n    - {{ key_sha256: {hash}, scopes: [invoke] }}\n");

        Assert.That(new ApiKeyAuthenticator(keys).Authenticate(hash), Is.Null);
    }

    [Test]
    public void Authenticate_MixedPlainAndHashedKeysFromConfig_FindsEach()
    {
        var hash = Convert.ToHexStringLower(ApiKey.Hash("hashed-secret-key"));
        var keys = KeysFromConfig($$"""
            auth:
              api_keys:
                - { name: plain, key: plain-secret-key, scopes: [invoke] }
                - { name: hashed, key_sha256: {{hash}}, scopes: [manage] }
            """);
        var authenticator = new ApiKeyAuthenticator(keys);

        Assert.That(authenticator.Authenticate("plain-secret-key")?.Name, Is.EqualTo("plain"));
        Assert.That(authenticator.Authenticate("hashed-secret-key")?.Name, Is.EqualTo("hashed"));
        Assert.That(authenticator.Authenticate("demo-key"), Is.Null);
    }
}
