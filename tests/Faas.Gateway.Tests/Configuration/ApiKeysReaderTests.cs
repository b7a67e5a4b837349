using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary><c>auth:</c>: each key's <c>namespace</c> (default, a DNS label, or "*" for a platform admin) and <c>token_lifetime</c>.</summary>
[TestFixture]
public sealed class ApiKeysReaderTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    private static IReadOnlyList<string> Errors(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml))!.Errors;

    [Test]
    public void Parse_KeysWithAndWithoutNamespace_CarryIt()
    {
        var config = Parse("""
            auth:
              token_lifetime: 15m
              api_keys:
                - { key: plain-key-01, scopes: [manage] }
                - { key: team-key-001, scopes: [invoke], namespace: team-a, name: team }
                - { key: platform-key1, scopes: [admin], namespace: "*", name: platform }
            """);

        Assert.That(config.ApiKeys.Select(k => k.Namespace), Is.EqualTo(new[] { "default", "team-a", "*" }));
        Assert.That(config.ApiKeys.Select(k => k.IsPlatformAdmin), Is.EqualTo(new[] { false, false, true }));
        Assert.That(config.Auth.TokenLifetime, Is.EqualTo(TimeSpan.FromMinutes(15)));
    }

    [Test]
    public void Parse_NoTokenLifetime_IsOneHour()
    {
        Assert.That(Parse("auth:\n  api_keys:\n    - { key: plain-key-01, scopes: [manage] }\n").Auth.TokenLifetime, Is.EqualTo(AuthSettings.DefaultTokenLifetime));
        Assert.That(AuthSettings.DefaultTokenLifetime, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [TestCase("namespace: \"*\", scopes: [invoke, manage]", "platform admins")]
    [TestCase("namespace: Team_A, scopes: [invoke]", "DNS label")]
    [TestCase("namespace: \"\", scopes: [invoke]", "DNS label")]
    public void Parse_BadNamespace_IsAnError(string entry, string expected)
    {
        var errors = Errors($"auth:\n  api_keys:\n    - {{ key: some-key-001, {entry} }}\n");

        Assert.That(errors, Has.Some.Contains(expected));
    }

    [TestCase("0s")]
    [TestCase("721h")]
    [TestCase("soon")]
    public void Parse_BadTokenLifetime_IsAnError(string lifetime)
    {
        Assert.That(Errors($"auth:\n  token_lifetime: {lifetime}\n"), Has.Some.Contains("token_lifetime"));
    }
}
