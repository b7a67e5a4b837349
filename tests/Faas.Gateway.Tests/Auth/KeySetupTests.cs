using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class KeySetupTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "faas-keysetup-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private FaasConfig Config(string auth = "", string? host = null) => ConfigLoader.Parse(
        $"system:\n  function_storage_path: {_directory}\n{auth}", "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(),
        new CommandLine { Host = host });

    [Test]
    public void Prepare_NoKeysConfigured_GeneratesAndPrintsThemOnceOnly()
    {
        using var first = new StringWriter();
        using var second = new StringWriter();

        var prepared = KeySetup.Prepare(Config(), first, TextWriter.Null);
        var again = KeySetup.Prepare(Config(), second, TextWriter.Null);

        var (keys, _) = GeneratedKeyFile.Read(GeneratedKeyFile.PathIn(_directory));
        Assert.That(prepared!.ApiKeys.Select(k => k.Sha256), Is.EqualTo(keys!.Select(k => ApiKey.Hash(k.Key))));
        Assert.That(again!.ApiKeys.Select(k => k.Sha256), Is.EqualTo(prepared.ApiKeys.Select(k => k.Sha256)));
        Assert.That(first.ToString(), Does.Contain(keys![0].Key).And.Contain(keys[1].Key));
        Assert.That(second.ToString(), Does.Not.Contain(keys[0].Key).And.Contain("--show-keys"));
    }

    [Test]
    public void Prepare_DemoKeyOnAllAddresses_RefusedWithHowToSetKeys()
    {
        using var error = new StringWriter();

        var prepared = KeySetup.Prepare(Config("auth:\n  api_keys:\n    - { key: demo-key, scopes: [invoke] }\n", "0.0.0.0"), TextWriter.Null, error);

        Assert.That(prepared, Is.Null);
        Assert.That(error.ToString(), Does.Contain("refusing to listen on 0.0.0.0").And.Contain("openssl rand"));
        Assert.That(Directory.Exists(_directory), Is.False, "nothing is created before the refusal");
    }

    [Test]
    public void Prepare_GeneratedKeysOnAllAddresses_Allowed()
    {
        Assert.That(KeySetup.Prepare(Config(host: "0.0.0.0"), TextWriter.Null, TextWriter.Null), Is.Not.Null);
    }

    [Test]
    public void Show_AfterGeneration_PrintsTheKeys()
    {
        KeySetup.Prepare(Config(), TextWriter.Null, TextWriter.Null);
        using var output = new StringWriter();

        var exit = KeySetup.Show(Config(), output, TextWriter.Null);

        var (keys, _) = GeneratedKeyFile.Read(GeneratedKeyFile.PathIn(_directory));
        Assert.That(exit, Is.Zero);
        Assert.That(output.ToString(), Does.Contain(keys![0].Key).And.Contain(keys[1].Key).And.Contain("generated-admin"));
    }

    [Test]
    public void Show_KeysConfigured_SaysWhereTheyComeFrom()
    {
        using var error = new StringWriter();

        var exit = KeySetup.Show(Config("auth:\n  api_keys:\n    - { key: a-long-random-key-0123456789, scopes: [invoke] }\n"), TextWriter.Null, error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("auth.api_keys").And.Not.Contain("a-long-random-key"));
    }
}
