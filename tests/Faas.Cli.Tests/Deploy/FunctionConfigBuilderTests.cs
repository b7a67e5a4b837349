using System.Text.Json.Nodes;
using Faas.Cli.Deploy;
using NUnit.Framework;

namespace Faas.Cli.Tests.Deploy;

[TestFixture]
public sealed class FunctionConfigBuilderTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-cli-deploy-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Build_NothingGiven_EmptyConfig()
    {
        var config = FunctionConfigBuilder.Build(new DeployFlags(), FullPath, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(config, Is.Empty);
    }

    [Test]
    public void Build_FlagsOverTheFile_FlagsWinAndEnvironmentsMerge()
    {
        File.WriteAllText(FullPath("c.json"), """{"memory": "512Mi", "timeout": 9, "environment": {"KEEP": "1", "A": "file"}}""");

        var config = FunctionConfigBuilder.Build(
            new DeployFlags { ConfigFile = "c.json", Memory = "128Mi", Max = 4, Environment = ["A=flag", "EMPTY="], Secrets = ["s1"] }, FullPath, out _)!;

        Assert.That(config.ToJsonString(), Is.EqualTo(
            """{"memory":"128Mi","timeout":9,"environment":{"KEEP":"1","A":"flag","EMPTY":""},"max_instances":4,"secrets":["s1"]}"""));
    }

    [TestCase("[1, 2]", "must hold a JSON object")]
    [TestCase("{ broken", "cannot use the config file")]
    public void Build_UnusableFile_Problem(string content, string expected)
    {
        File.WriteAllText(FullPath("c.json"), content);

        var config = FunctionConfigBuilder.Build(new DeployFlags { ConfigFile = "c.json" }, FullPath, out var problem);

        Assert.That(config, Is.Null);
        Assert.That(problem, Does.Contain(expected));
    }

    [TestCase("NOEQUALS")]
    [TestCase("=value")]
    public void Build_EnvironmentNotNameEqualsValue_Problem(string pair)
    {
        var config = FunctionConfigBuilder.Build(new DeployFlags { Environment = [pair] }, FullPath, out var problem);

        Assert.That(config, Is.Null);
        Assert.That(problem, Does.Contain(pair));
    }

    private string FullPath(string path) => Path.GetFullPath(path, _directory);
}
