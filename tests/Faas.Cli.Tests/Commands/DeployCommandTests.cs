using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class DeployCommandTests : CliTestBase
{
    [Test]
    public async Task Deploy_InitThenDeploy_CreatesAFunctionThatAnswers()
    {
        var name = UniqueName("hello");
        await RunExpectingAsync(0, "init", name);

        var deployed = await RunExpectingAsync(0, "deploy", name, name + ".csx", "--config", name + ".json");
        var answer = await RunExpectingAsync(0, "invoke", name, "-d", """{"name": "Ada"}""");

        Assert.That(deployed.Out, Does.Contain($"Created {name} version 1"));
        Assert.That(answer.Out, Is.EqualTo("""{"message":"Hello, Ada!"}"""));
    }

    [Test]
    public async Task Deploy_ExistingFunction_UpdatesItToTheNextVersion()
    {
        var name = UniqueName("update");
        await DeployAsync(name, "object Handle(FaasRequest r) => \"one\";");
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "two.csx"), "object Handle(FaasRequest r) => \"two\";");

        var updated = await RunExpectingAsync(0, "deploy", name, "two.csx");

        Assert.That(updated.Out, Does.Contain($"Updated {name} version 2"));
        Assert.That((long)(await JsonOfAsync("describe", name, "--json"))["version"]!, Is.EqualTo(2));
        Assert.That((await RunExpectingAsync(0, "invoke", name)).Out, Is.EqualTo("two"));
    }

    [Test]
    public async Task Deploy_CompileError_PrintsFileLineColumnSourceLineAndCaret()
    {
        var name = UniqueName("broken");
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "broken.csx"), "using System;\nobject Handle(FaasRequest r)\n{\n    return foo;\n}\n");

        var result = await RunExpectingAsync(1, "deploy", name, "broken.csx");

        var lines = result.Error.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines[0], Does.StartWith("error: compile_error:").And.EndWith("(HTTP 400)"));
        Assert.That(lines[1], Does.StartWith("broken.csx:4:12: error CS0103: The name 'foo' does not exist"));
        Assert.That(lines[2], Is.EqualTo(" 4 |     return foo;"));
        Assert.That(lines[3], Is.EqualTo("   |            ^"));
        await RunExpectingAsync(1, "describe", name);
    }

    [Test]
    public async Task Deploy_Flags_OverrideTheConfigFileAndReachTheFunction()
    {
        var name = UniqueName("flags");
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "config.json"),
            """{"memory": "256Mi", "max_instances": 5, "environment": {"FROM_FILE": "yes"}}""");

        await DeployAsync(name, EchoSource,
            "--config", "config.json", "--memory", "128Mi", "--timeout", "5s", "--env", "A=1", "-e", "B=x=y", "--min", "0", "--max", "3", "--concurrency", "2");

        var config = (await JsonOfAsync("describe", name, "--json"))["config"]!;
        Assert.That((string?)config["memory"], Is.EqualTo("128Mi"));
        Assert.That((double)config["timeout"]!, Is.EqualTo(5));
        Assert.That((int)config["max_instances"]!, Is.EqualTo(3));
        Assert.That((int)config["concurrency"]!, Is.EqualTo(2));
        var environment = config["environment"]!.AsObject();
        Assert.That(environment.ToDictionary(p => p.Key, p => (string?)p.Value), Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["FROM_FILE"] = "yes", ["A"] = "1", ["B"] = "x=y",
        }));
    }

    [Test]
    public async Task Deploy_EnvironmentFlagWithoutEquals_Exit2AndNothingDeployed()
    {
        var name = UniqueName("noeq");
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "f.csx"), EchoSource);

        var result = await RunExpectingAsync(2, "deploy", name, "f.csx", "--env", "JUSTANAME");

        Assert.That(result.Error, Does.Contain("--env 'JUSTANAME' is not NAME=VALUE"));
        await RunExpectingAsync(1, "describe", name);
    }

    [Test]
    public async Task Deploy_MissingSourceFile_Exit2()
    {
        var result = await RunExpectingAsync(2, "deploy", UniqueName("nofile"), "missing.csx");

        Assert.That(result.Error, Does.Contain("cannot read missing.csx"));
    }

    [Test]
    public async Task Deploy_ValueThePlatformRefuses_Exit1WithItsMessage()
    {
        var name = UniqueName("badmem");
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "f.csx"), EchoSource);

        var result = await RunExpectingAsync(1, "deploy", name, "f.csx", "--memory", "lots");

        Assert.That(result.Error, Does.Contain("error: bad_request:").And.Contain("memory").And.Contain("(HTTP 400)"));
    }

    [Test]
    public async Task Deploy_Json_PrintsTheFunctionAsThePlatformReturnsIt()
    {
        var name = UniqueName("json");
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "f.csx"), EchoSource);

        var function = await JsonOfAsync("deploy", name, "f.csx", "--json");

        Assert.That((string?)function["name"], Is.EqualTo(name));
        Assert.That((long)function["version"]!, Is.EqualTo(1));
        Assert.That(function["config"], Is.InstanceOf<JsonObject>());
    }
}
