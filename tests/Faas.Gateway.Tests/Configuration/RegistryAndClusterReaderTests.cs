using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary>The <c>registry:</c> and <c>cluster:</c> sections, and <c>FAAS_REGISTRY_KIND</c> / <c>FAAS_POSTGRES</c>.</summary>
[TestFixture]
public sealed class RegistryAndClusterReaderTests
{
    private const string Postgres = "Host=127.0.0.1;Port=5432;Database=faas;Username=faas;Password=pw";

    private const string Keys = "auth:\n  api_keys:\n    - { key: cluster-key-0001, scopes: [invoke] }\n";

    private static FaasConfig Parse(string yaml, Dictionary<string, string?>? environment = null, CommandLine? cli = null, string keys = Keys) =>
        ConfigLoader.Parse(keys + yaml, "test.yaml", Path.GetTempPath(), environment ?? [], cli ?? new CommandLine());

    private static IReadOnlyList<string> Errors(string yaml, Dictionary<string, string?>? environment = null) =>
        Assert.Throws<ConfigException>(() => Parse(yaml, environment))!.Errors;

    [Test]
    public void Parse_NoSections_EmbeddedSqliteAndANodeNamedAfterHostAndPort()
    {
        var config = Parse("system:\n  api_gateway_port: 8123\n");

        Assert.That(config.Registry, Is.EqualTo(RegistrySettings.Embedded));
        Assert.That(config.Cluster.NodeName, Is.EqualTo($"{System.Net.Dns.GetHostName()}-8123"));
        Assert.That(config.Cluster.AdvertiseUrl, Is.EqualTo("http://127.0.0.1:8123"));
    }

    [Test]
    public void Parse_PostgresWithCluster_EveryValueRead()
    {
        var config = Parse($$"""
            registry:
              kind: postgres
              connection_string: "{{Postgres}}"
            cluster:
              node_name: node-a
              advertise_url: http://10.0.0.5:8001/
              lease_timeout: 3
              drain_delay: 0
              resync_interval: 10
              trusted_proxies: [127.0.0.1, "::1"]
            """);

        Assert.That(config.Registry, Is.EqualTo(new RegistrySettings(RegistryKind.Postgres, Postgres)));
        Assert.That((config.Cluster.NodeName, config.Cluster.AdvertiseUrl), Is.EqualTo(("node-a", "http://10.0.0.5:8001")));
        Assert.That((config.Cluster.LeaseTimeout, config.Cluster.DrainDelay, config.Cluster.ResyncInterval),
            Is.EqualTo((TimeSpan.FromSeconds(3), TimeSpan.Zero, TimeSpan.FromSeconds(10))));
        Assert.That(config.Cluster.HeartbeatInterval, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(config.TrustedProxies, Is.EqualTo(new[] { System.Net.IPAddress.Loopback, System.Net.IPAddress.IPv6Loopback }));
    }

    [Test]
    public void Parse_Environment_OverridesKindAndConnectionString()
    {
        var config = Parse("system: {}\n", new() { ["FAAS_REGISTRY_KIND"] = "postgres", ["FAAS_POSTGRES"] = Postgres });

        Assert.That(config.Registry, Is.EqualTo(new RegistrySettings(RegistryKind.Postgres, Postgres)));
    }

    [Test]
    public void Parse_CliPort_NamesTheDefaultNode()
    {
        var config = Parse($"registry: {{ kind: postgres, connection_string: \"{Postgres}\" }}\n", cli: CommandLine.Parse(["--port", "8002"]));

        Assert.That(config.Cluster.NodeName, Does.EndWith("-8002"));
        Assert.That(config.Cluster.AdvertiseUrl, Is.EqualTo("http://127.0.0.1:8002"));
    }

    [TestCase("registry: { kind: postgres }\n", "connection string is required")]
    [TestCase("registry: { kind: postgres, connection_string: \"Host=127.0.0.1;Port=x\" }\n", "connection string is not valid")]
    [TestCase("registry: { kind: mysql }\n", "one of sqlite, postgres")]
    [TestCase("registry: { connection_string: \"Host=h;Database=d\" }\n", "but the registry is sqlite")]
    [TestCase("cluster: { node_name: a }\n", "'cluster' needs a shared registry")]
    public void Parse_BadRegistry_ConfigError(string yaml, string expected)
    {
        Assert.That(Errors(yaml), Has.Some.Contain(expected));
    }

    [TestCase("node_name: \"-bad\"", "node_name '-bad' must be")]
    [TestCase("node_name: \"a b\"", "node_name 'a b' must be")]
    [TestCase("advertise_url: ftp://host:1", "must be an http:// or https:// URL")]
    [TestCase("advertise_url: http://user:pw@host:1", "must be an http:// or https:// URL")]
    [TestCase("advertise_url: http://host:1/path", "must be an http:// or https:// URL")]
    [TestCase("lease_timeout: 0.5", "'lease_timeout' must be from 1 s")]
    [TestCase("lease_timeout: 2h", "'lease_timeout' must be from 1 s")]
    [TestCase("colour: blue", "unknown key 'colour'")]
    [TestCase("trusted_proxies: [haproxy.local]", "'haproxy.local' is not an IP address")]
    public void Parse_BadCluster_ConfigError(string entry, string expected)
    {
        var errors = Errors($"registry:\n  kind: postgres\n  connection_string: \"{Postgres}\"\ncluster:\n  {entry}\n");

        Assert.That(errors, Has.Some.Contain(expected));
    }

    [Test]
    public void Parse_PostgresWithoutApiKeys_RefusedBecauseGeneratedKeysDifferPerNode()
    {
        var errors = Assert.Throws<ConfigException>(() => Parse($"registry: {{ kind: postgres, connection_string: \"{Postgres}\" }}\n", keys: ""))!.Errors;

        Assert.That(errors, Has.Some.Contain("a cluster node needs auth.api_keys"));
    }

    [Test]
    public void Parse_ConnectionStringError_NeverRepeatsThePassword()
    {
        var errors = Errors("registry:\n  kind: postgres\n  connection_string: \"Host=127.0.0.1;Password=topsecret;Port=x\"\n");

        Assert.That(string.Join("\n", errors), Does.Not.Contain("topsecret"));
    }
}
