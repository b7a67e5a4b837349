using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary>Secret grants name API keys, so two keys may not share a name.</summary>
[TestFixture]
public sealed class ApiKeyNamesTests
{
    private static IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine()))!.Errors;

    [Test]
    public void Parse_TwoKeysWithOneName_IsAnError()
    {
        const string yaml = """
            auth:
              api_keys:
                - { key: first-key-01, scopes: [manage] }
                - { key: second-key-1, scopes: [manage], name: key1 }
            """;

        Assert.That(Errors(yaml), Has.Some.StartsWith("auth.api_keys (line 3)").And.Contains("'key1'"));
    }
}
