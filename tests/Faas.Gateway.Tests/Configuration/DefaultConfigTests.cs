using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Runtime;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class DefaultConfigTests
{
    private static FaasConfig ParseDefaults() =>
        ConfigLoader.Parse(DefaultConfig.Yaml, "(embedded defaults)", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    [Test]
    public void Yaml_ParsedByTheLoader_HasNoErrors()
    {
        Assert.That(ParseDefaults, Throws.Nothing);
    }

    [Test]
    public void Yaml_Parsed_Binds127001On8000()
    {
        var config = ParseDefaults();

        Assert.That(config.Gateway.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(config.Gateway.Port, Is.EqualTo(8000));
    }

    [Test]
    public void Yaml_Parsed_MatchesTheBuiltInDefaults()
    {
        var config = ParseDefaults();

        Assert.That(config.Platform, Is.EqualTo(new Faas.Orchestrator.Configuration.PlatformOptions()));
        Assert.That(config.Platform.DefaultMode, Is.EqualTo(ExecutionMode.Process));
        Assert.That(config.Gateway.MaxRequestBodyBytes, Is.EqualTo(6L << 20));
        Assert.That(config.Gateway.RateLimit, Is.EqualTo(new RateLimitSettings(true, 1000, 2000, 0)));
        Assert.That(config.Gateway.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(config.Runtimes.Isolation, Is.EqualTo(ProcessIsolation.Strict));
        Assert.That(config.Runtimes.BaseImage, Does.StartWith("faas-runtime:"));
        Assert.That(config.Gateway.RateLimit.AuthFailures, Is.EqualTo(new Faas.Gateway.RateLimiting.AuthFailureBudget(true, 60, 30)));
        Assert.That(config.Async.CallbackAllowHosts, Is.Empty);
        Assert.That(config.Functions, Is.Empty);
    }

    [Test]
    public void Yaml_Parsed_HasNoBuiltInKeysSoKeysAreGenerated()
    {
        var config = ParseDefaults();

        Assert.That(config.ApiKeys, Is.Empty);
        Assert.That(DefaultConfig.Yaml, Does.Not.Match(@"key:\s*(demo|admin)-key"));
    }
}
