using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Executions;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class CallbackTargetsReaderTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    [Test]
    public void Parse_HostPortEntries_AreRead()
    {
        var config = Parse("async:\n  callback_allow_hosts: [hooks.example.com:443, \"127.0.0.1:9000\", \"[::1]:8080\"]\n");

        Assert.That(config.Async.CallbackAllowHosts, Is.EqualTo(new[]
        {
            new CallbackTarget("hooks.example.com", 443), new CallbackTarget("127.0.0.1", 9000), new CallbackTarget("::1", 8080),
        }));
    }

    [Test]
    public void Parse_EntriesWithoutPortOrBad_EveryOneReported()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("async:\n  callback_allow_hosts: [hooks.example.com, \"bad host:80\", \"x:99999\"]\n"));

        Assert.That(error!.Message, Does.Contain("hooks.example.com").And.Contain("bad host").And.Contain("x:99999"));
        Assert.That(error.Message, Does.Contain("host:port"));
    }
}
