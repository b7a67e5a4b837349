using Faas.Cli.Settings;
using NUnit.Framework;

namespace Faas.Cli.Tests.Settings;

[TestFixture]
public sealed class SettingsResolverTests
{
    private string _home = null!;
    private Dictionary<string, string?> _variables = null!;

    [SetUp]
    public void CreateHome()
    {
        _home = Path.Combine(Path.GetTempPath(), "faas-cli-settings-" + Guid.NewGuid().ToString("N")[..10]);
        _variables = new() { ["HOME"] = _home };
    }

    [TearDown]
    public void DeleteHome()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    private CliEnvironment Environment => new() { Variable = _variables.GetValueOrDefault, CurrentDirectory = _home, OpenInput = () => Stream.Null };

    [Test]
    public void Resolve_NothingConfigured_LoopbackDefaultWithoutKey()
    {
        var settings = SettingsResolver.Resolve(Environment, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(settings!.Url, Is.EqualTo(new Uri("http://127.0.0.1:8000/")));
        Assert.That(settings.Key, Is.Null);
    }

    [Test]
    public void Resolve_SavedConfigUnderHome_Used()
    {
        ConfigFile.For(Environment).Write(new StoredConfig("http://127.0.0.2:9000/", "saved-key"));

        var settings = SettingsResolver.Resolve(Environment, out _);

        Assert.That(Path.Combine(_home, ".config", "faas", "config.json"), Does.Exist);
        Assert.That(settings!.Url, Is.EqualTo(new Uri("http://127.0.0.2:9000/")));
        Assert.That(settings.Key, Is.EqualTo("saved-key"));
    }

    [Test]
    public void Resolve_EnvironmentVariables_WinOverTheSavedConfig()
    {
        _variables["XDG_CONFIG_HOME"] = Path.Combine(_home, "xdg");
        ConfigFile.For(Environment).Write(new StoredConfig("http://127.0.0.2:9000/", "saved-key"));
        _variables["FAAS_URL"] = "http://127.0.0.3:7000/prefix";
        _variables["FAAS_API_KEY"] = "env-key";

        var settings = SettingsResolver.Resolve(Environment, out _);

        Assert.That(Path.Combine(_home, "xdg", "faas", "config.json"), Does.Exist);
        Assert.That(settings!.Url, Is.EqualTo(new Uri("http://127.0.0.3:7000/prefix/")));
        Assert.That(settings.Key, Is.EqualTo("env-key"));
    }

    [Test]
    public void Resolve_CorruptConfigFile_ProblemNamesTheFile()
    {
        var path = ConfigFile.For(Environment).Path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ not json");

        var settings = SettingsResolver.Resolve(Environment, out var problem);

        Assert.That(settings, Is.Null);
        Assert.That(problem, Does.Contain(path));
    }

    [TestCase("ftp://host/")]
    [TestCase("http://user:secret@127.0.0.1:8000/")]
    [TestCase("http://127.0.0.1:8000/?key=x")]
    [TestCase("127.0.0.1:8000")]
    public void TryParseUrl_Unusable_Refused(string url)
    {
        Assert.That(SettingsResolver.TryParseUrl(url, out _, out var problem), Is.False);
        Assert.That(problem, Is.Not.Empty);
    }
}
