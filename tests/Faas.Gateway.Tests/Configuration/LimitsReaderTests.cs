using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary>Security issue 18 finding 4: the <c>limits:</c> section (platform ceilings) and <c>openfaas.allowed_images</c>.</summary>
[TestFixture]
public sealed class LimitsReaderTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    private static IReadOnlyList<string> Errors(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml))!.Errors;

    [Test]
    public void Parse_NoLimitsSection_SafeDefaults()
    {
        var limits = Parse("system:\n  logging_level: INFO\n").Platform.Limits;

        Assert.That(limits.MemoryBytes, Is.EqualTo(2L << 30));
        Assert.That(limits.CpuMillicores, Is.EqualTo(2000));
        Assert.That(limits.TmpBytes, Is.EqualTo(512L << 20));
        Assert.That(limits.MaxPids, Is.EqualTo(1024));
        Assert.That(limits.Concurrency, Is.EqualTo(100));
        Assert.That(limits.MaxInstances, Is.EqualTo(50));
        Assert.That(limits.MinInstances, Is.EqualTo(10));
        Assert.That(limits.Timeout, Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(limits.EnvironmentEntries, Is.EqualTo(128));
        Assert.That(limits.EnvironmentBytes, Is.EqualTo(32 * 1024));
    }

    [Test]
    public void Parse_EveryLimit_IsApplied()
    {
        const string yaml = """
            limits:
              memory: 4Gi
              cpu: "4"
              tmp_size: 1Gi
              max_pids: 2048
              concurrency: 200
              max_instances: 20
              min_instances: 5
              timeout: 5m
              environment_entries: 64
              environment_bytes: 16Ki
            """;

        var limits = Parse(yaml).Platform.Limits;

        Assert.That(limits.MemoryBytes, Is.EqualTo(4L << 30));
        Assert.That(limits.CpuMillicores, Is.EqualTo(4000));
        Assert.That(limits.TmpBytes, Is.EqualTo(1L << 30));
        Assert.That(limits.MaxPids, Is.EqualTo(2048));
        Assert.That(limits.Concurrency, Is.EqualTo(200));
        Assert.That(limits.MaxInstances, Is.EqualTo(20));
        Assert.That(limits.MinInstances, Is.EqualTo(5));
        Assert.That(limits.Timeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(limits.EnvironmentEntries, Is.EqualTo(64));
        Assert.That(limits.EnvironmentBytes, Is.EqualTo(16 * 1024));
    }

    [Test]
    public void Parse_BadLimits_EachListedWithItsLine()
    {
        const string yaml = """
            limits:
              memory: lots
              cpu: 500m
              tmp_size: 4611686018427387903Ti
              max_pids: 10
              concurrency: 0
              max_instances: 5
              min_instances: 2000
              timeout: 1
              environment_entries: -1
              environment_bytes: 10Mi
              swap: 1Gi
            """;

        var errors = Errors(yaml);

        Assert.That(errors, Has.Some.StartsWith("limits.memory (line 2)"));
        Assert.That(errors, Has.Some.StartsWith("limits.cpu (line 3)").And.Contains("1000m"));
        Assert.That(errors, Has.Some.StartsWith("limits.tmp_size (line 4)"));
        Assert.That(errors, Has.Some.StartsWith("limits.max_pids (line 5)"));
        Assert.That(errors, Has.Some.StartsWith("limits.concurrency (line 6)"));
        Assert.That(errors, Has.Some.StartsWith("limits.max_instances (line 7)"));
        Assert.That(errors, Has.Some.StartsWith("limits.min_instances (line 8)"));
        Assert.That(errors, Has.Some.StartsWith("limits.timeout (line 9)"));
        Assert.That(errors, Has.Some.StartsWith("limits.environment_entries (line 10)"));
        Assert.That(errors, Has.Some.StartsWith("limits.environment_bytes (line 11)"));
        Assert.That(errors, Has.Some.StartsWith("limits.swap (line 12)").And.Contains("unknown key"));
    }

    [Test]
    public void Parse_MinInstancesAboveMaxInstances_IsAnError() =>
        Assert.That(Errors("limits:\n  max_instances: 10\n  min_instances: 20\n"), Has.Some.Contains("limits.min_instances (20) is larger than limits.max_instances (10)"));

    [Test]
    public void Parse_DeclaredFunctionAboveCeilings_ConfigErrorNamingEachCeiling()
    {
        const string yaml = """
            limits:
              memory: 1Gi
            functions:
              big:
                code: x
                memory: 100Gi
                concurrency: 10000
            """;

        var errors = Errors(yaml);

        Assert.That(errors, Has.Some.StartsWith("functions.big (line 5)").And.Contains("memory 100Gi is above the platform ceiling limits.memory (1Gi)"));
        Assert.That(errors, Has.Some.Contains("concurrency 10000 is above the platform ceiling limits.concurrency (100)"));
    }

    [Test]
    public void Parse_DeclaredFunctionWithReservedEnvironment_ConfigError() =>
        Assert.That(Errors("functions:\n  f:\n    code: x\n    environment: { LD_PRELOAD: /tmp/x.so }\n"),
            Has.Some.StartsWith("functions.f.environment.LD_PRELOAD (line 4)").And.Contains("reserved"));

    [Test]
    public void Parse_AllowedImages_AreRead()
    {
        var platform = Parse("openfaas:\n  allowed_images: [\"ghcr.io/acme/*\", \"fn:1\"]\n").Platform;

        Assert.That(platform.AllowedImages, Is.EqualTo(new[] { "ghcr.io/acme/*", "fn:1" }));
        Assert.That(Parse("").Platform.AllowedImages, Is.Empty);
    }

    [Test]
    public void Parse_BadAllowedImagePattern_IsAnError() =>
        Assert.That(Errors("openfaas:\n  allowed_images: [\"has space\"]\n"), Has.Some.StartsWith("openfaas.allowed_images (line 2)"));
}
