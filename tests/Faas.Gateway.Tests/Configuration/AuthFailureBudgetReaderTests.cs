using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Gateway.RateLimiting;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class AuthFailureBudgetReaderTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    [Test]
    public void Parse_NoSection_SafeDefaults()
    {
        Assert.That(Parse("").Gateway.RateLimit.AuthFailures, Is.EqualTo(new AuthFailureBudget(true, 60, 30)));
    }

    [Test]
    public void Parse_RateLimitDisabled_AuthFailureBudgetStaysOn()
    {
        var config = Parse("rate_limit:\n  enabled: false\n");

        Assert.That(config.Gateway.RateLimit.Enabled, Is.False);
        Assert.That(config.Gateway.RateLimit.AuthFailures.Enabled, Is.True);
    }

    [Test]
    public void Parse_Section_IsRead()
    {
        var config = Parse("rate_limit:\n  auth_failures: { per_minute: 12, burst: 5 }\n");

        Assert.That(config.Gateway.RateLimit.AuthFailures, Is.EqualTo(new AuthFailureBudget(true, 12, 5)));
    }

    [Test]
    public void Parse_ExplicitlyDisabled_Off()
    {
        Assert.That(Parse("rate_limit:\n  auth_failures: { enabled: false }\n").Gateway.RateLimit.AuthFailures.Enabled, Is.False);
    }

    [Test]
    public void Parse_BadValues_EveryErrorListed()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("rate_limit:\n  auth_failures: { per_minute: 0, burst: lots, bans: 3 }\n"));

        Assert.That(error!.Message, Does.Contain("per_minute").And.Contain("burst").And.Contain("bans"));
    }
}
