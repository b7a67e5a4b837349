using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Auth;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class TokenIssuerTests
{
    private static readonly StoredUser s_alice =
        new("alice", "team-a", "hash", ["invoke", "manage"], false, "stamp-1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void NewClock() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    internal static TokenKey Key(byte[]? secretsKey = null) =>
        new(Options.Create(new PlatformOptions { SecretsKey = secretsKey ?? RandomNumberGenerator.GetBytes(32), StoragePath = Path.GetTempPath() }));

    private TokenIssuer Issuer(TokenKey? key = null) => new(key ?? Key(), new AuthSettings { TokenLifetime = TimeSpan.FromMinutes(30) }, _time);

    private static Task<Microsoft.IdentityModel.Tokens.TokenValidationResult> ValidateAsync(TokenIssuer issuer, string token) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, issuer.ValidationParameters());

    [Test]
    public async Task Issue_User_CarriesSubNamespaceScopesStampAndTheLifetime()
    {
        var issuer = Issuer();

        var (token, expires) = issuer.Issue(s_alice);
        var result = await ValidateAsync(issuer, token);

        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        Assert.That(expires, Is.EqualTo(_time.GetUtcNow().AddMinutes(30)));
        var jwt = new JsonWebToken(token);
        Assert.That(jwt.Subject, Is.EqualTo("alice"));
        Assert.That(jwt.GetClaim(ApiKeyDefaults.NamespaceClaim).Value, Is.EqualTo("team-a"));
        Assert.That(jwt.Claims.Where(c => c.Type == ApiKeyDefaults.ScopeClaim).Select(c => c.Value), Is.EquivalentTo(new[] { "invoke", "manage" }));
        Assert.That(jwt.GetClaim(ApiKeyDefaults.StampClaim).Value, Is.EqualTo("stamp-1"));
        Assert.That(jwt.Alg, Is.EqualTo("HS256"));
    }

    [Test]
    public async Task Validate_AfterTheLifetime_Fails()
    {
        var issuer = Issuer();
        var (token, _) = issuer.Issue(s_alice);

        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.That((await ValidateAsync(issuer, token)).IsValid, Is.False);
    }

    [Test]
    public async Task Validate_TamperedPayload_Fails()
    {
        var issuer = Issuer();
        var parts = issuer.Issue(s_alice).Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("\"invoke\"", "\"admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.That((await ValidateAsync(issuer, tampered)).IsValid, Is.False);
    }

    [Test]
    public async Task Validate_AlgNone_Fails()
    {
        var issuer = Issuer();
        var parts = issuer.Issue(s_alice).Token.Split('.');
        var none = $"{Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8.ToArray())}.{parts[1]}.";

        Assert.That((await ValidateAsync(issuer, none)).IsValid, Is.False);
    }

    [Test]
    public async Task Validate_TokenOfAnotherSecretsKey_Fails()
    {
        var (token, _) = Issuer().Issue(s_alice);

        Assert.That((await ValidateAsync(Issuer(), token)).IsValid, Is.False);
    }

    [Test]
    public async Task Key_SameSecretsKey_SameSigningKeyAndNotTheSecretsKeyItself()
    {
        var secrets = RandomNumberGenerator.GetBytes(32);
        var (token, _) = Issuer(Key(secrets)).Issue(s_alice);

        Assert.That((await ValidateAsync(Issuer(Key(secrets)), token)).IsValid, Is.True);
        Assert.That(Key(secrets).Key.Key, Is.Not.EqualTo(secrets));
    }

    internal static string Base64UrlEncode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
