using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Runtime.Container;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary>Issue 14: <c>openfaas.writable_root</c>, <c>registry_auth</c> and <c>pull_timeout</c>.</summary>
[TestFixture]
public sealed class OpenFaasImagesReaderTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    private static IReadOnlyList<string> Errors(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml))!.Errors;

    [Test]
    public void Parse_Nothing_BoundedWritableRootNoCredentials()
    {
        var runtimes = Parse("system:\n  logging_level: INFO\n").Runtimes;

        Assert.That(runtimes.WritableRoot, Is.EqualTo(WritableRootPolicy.Bounded));
        Assert.That(runtimes.RegistryAuth, Is.Empty);
        Assert.That(runtimes.PullTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public void Parse_EveryKey_IsApplied()
    {
        var runtimes = Parse("""
            openfaas:
              writable_root: unbounded
              registry_auth:
                127.0.0.1:5000: local-registry
                registry.example.com: team-registry
              pull_timeout: 90s
            """).Runtimes;

        Assert.That(runtimes.WritableRoot, Is.EqualTo(WritableRootPolicy.Unbounded));
        Assert.That(runtimes.RegistryAuth["127.0.0.1:5000"], Is.EqualTo("local-registry"));
        Assert.That(runtimes.RegistryAuth["registry.example.com"], Is.EqualTo("team-registry"));
        Assert.That(runtimes.PullTimeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void Parse_BadValues_EveryErrorReported()
    {
        var errors = Errors("""
            openfaas:
              writable_root: always
              registry_auth:
                "bad/host": x
                127.0.0.1:5000: "not a secret name"
              pull_timeout: soon
            """);

        Assert.That(errors, Has.Count.EqualTo(4), string.Join("\n", errors));
        Assert.That(errors, Has.Some.Contains("writable_root").And.Some.Contains("bounded, unbounded"));
        Assert.That(errors, Has.Some.Contains("'bad/host' is not a registry host"));
        Assert.That(errors, Has.Some.Contains("must name a secret"));
        Assert.That(errors, Has.Some.Contains("pull_timeout"));
    }
}
