using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class ObjectConfigTests
{
    private static FaasConfig Parse(string system) => ConfigLoader.Parse(
        $"system:\n  function_storage_path: /tmp/faas-objcfg\n{system}", "objects.yaml", "/tmp", new Dictionary<string, string?>(), new CommandLine());

    [Test]
    public void Parse_NoMaxObjectSize_Default64Mi() => Assert.That(Parse("").Platform.MaxObjectBytes, Is.EqualTo(64L << 20));

    [Test]
    public void Parse_MaxObjectSize_TakenAsBytes() => Assert.That(Parse("  max_object_size: 1Gi\n").Platform.MaxObjectBytes, Is.EqualTo(1L << 30));

    [Test]
    public void Parse_MaxObjectSizeNotAQuantity_ConfigErrorNamingTheKey()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("  max_object_size: lots\n"));

        Assert.That(error!.Message, Does.Contain("max_object_size"));
    }
}
