using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class InitCommandTests
{
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner() => _cli = CliRunner.InTemporaryDirectory();

    [TearDown]
    public void DeleteRunner() => _cli.Delete();

    [Test]
    public async Task Init_NewName_WritesAHandlerAndAJsonConfig()
    {
        var result = await _cli.RunAsync("init", "greeter", "--dir", "fn");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var handler = await File.ReadAllTextAsync(Path.Combine(_cli.WorkingDirectory, "fn", "greeter.csx"));
        Assert.That(handler, Does.Contain("object Handle(FaasRequest request)"));
        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_cli.WorkingDirectory, "fn", "greeter.json")))!.AsObject();
        Assert.That(config.Select(p => p.Key), Is.SupersetOf(new[] { "timeout", "memory", "min_instances", "max_instances", "environment" }));
        Assert.That(result.Out, Does.Contain("faas deploy greeter fn/greeter.csx --config fn/greeter.json"));
    }

    [Test]
    public async Task Init_FileExists_Exit2AndLeavesItAlone()
    {
        var path = Path.Combine(_cli.WorkingDirectory, "mine.csx");
        await File.WriteAllTextAsync(path, "// my work");

        var result = await _cli.RunAsync("init", "mine");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("// my work"));
    }

    [TestCase("Upper")]
    [TestCase("-dash")]
    [TestCase("../escape")]
    public async Task Init_NotAFunctionName_Exit2(string name)
    {
        var result = await _cli.RunAsync("init", name);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(Directory.GetFiles(_cli.WorkingDirectory), Is.Empty);
    }
}
