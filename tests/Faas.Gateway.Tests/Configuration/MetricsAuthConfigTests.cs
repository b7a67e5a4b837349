using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class MetricsAuthConfigTests
{
    [Test]
    public void Parse_NoMetricsAuth_MetricsArePublic() =>
        Assert.That(Parse("system: {}").Gateway.MetricsScope, Is.EqualTo(Scope.None));

    [TestCase("none", "None")]
    [TestCase("admin", "Admin")]
    [TestCase("ADMIN", "Admin")]
    public void Parse_MetricsAuth_SetsTheRequiredScope(string value, string expected) =>
        Assert.That(Parse($"system:\n  metrics_auth: {value}").Gateway.MetricsScope, Is.EqualTo(Enum.Parse<Scope>(expected)));

    [Test]
    public void Parse_UnknownMetricsAuth_IsAConfigError()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("system:\n  metrics_auth: manage"));

        Assert.That(error!.Message, Does.Contain("metrics_auth"));
    }

    [Test]
    public void Parse_DefaultConfig_IsValid() =>
        Assert.That(Parse(DefaultConfig.Yaml).Gateway.MetricsScope, Is.EqualTo(Scope.None));

    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());
}
