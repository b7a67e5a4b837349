using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Namespaces;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class NamespacesConfigTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    [Test]
    public void Parse_NamespacesWithQuotas_ReadWithEachLimitOptional()
    {
        var config = Parse("""
            namespaces:
              team-a:
                quota: { functions: 20, instances: 10, memory: 4Gi, object_bytes: 512Mi }
              team-b:
                quota: { instances: 2 }
              team-c: {}
              team-d:
            functions:
              report:
                namespace: team-a
                code: 'object Handle(FaasRequest r) => 1;'
              plain:
                code: 'object Handle(FaasRequest r) => 2;'
            """);

        Assert.That(config.Namespaces["team-a"], Is.EqualTo(new NamespaceQuota(20, 10, 4L << 30, 512L << 20)));
        Assert.That(config.Namespaces["team-b"], Is.EqualTo(new NamespaceQuota(Instances: 2)));
        Assert.That(config.Namespaces["team-c"], Is.Null);
        Assert.That(config.Namespaces["team-d"], Is.Null);
        Assert.That(config.Functions["report"].Namespace, Is.EqualTo("team-a"));
        Assert.That(config.Functions["plain"].Namespace, Is.EqualTo(NamespaceName.Default));
    }

    [Test]
    public void Parse_NoNamespacesSection_NoneDeclaredAndFunctionsInDefault()
    {
        var config = Parse("functions:\n  plain:\n    code: 'object Handle(FaasRequest r) => 2;'\n");

        Assert.That(config.Namespaces, Is.Empty);
        Assert.That(config.Functions["plain"].Namespace, Is.EqualTo(NamespaceName.Default));
    }

    [Test]
    public void Parse_BadNamespacesAndQuotas_EveryErrorListed()
    {
        var exception = Assert.Throws<ConfigException>(() => Parse("""
            namespaces:
              Team_A: {}
              openfaas-fn: {}
              team-b:
                quota: { instances: -1, memory: lots, cpus: 3 }
              team-c:
                owner: someone
            functions:
              f:
                namespace: "../x"
                code: 'object Handle(FaasRequest r) => 1;'
            """));

        var errors = string.Join("\n", exception!.Errors);
        Assert.That(errors, Does.Contain("'Team_A'"));
        Assert.That(errors, Does.Contain("'openfaas-fn'"));
        Assert.That(errors, Does.Contain("'instances'"));
        Assert.That(errors, Does.Contain("'memory'"));
        Assert.That(errors, Does.Contain("cpus"));
        Assert.That(errors, Does.Contain("owner"));
        Assert.That(errors, Does.Contain("function 'f'"));
    }
}
