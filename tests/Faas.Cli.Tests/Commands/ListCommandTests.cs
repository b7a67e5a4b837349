using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class ListCommandTests : CliTestBase
{
    [Test]
    public async Task List_Json_HoldsTheDeployedFunctionAsThePlatformDescribesIt()
    {
        var name = UniqueName("listed");
        await DeployAsync(name, EchoSource);

        var list = await JsonOfAsync("list", "--json");

        var function = list["functions"]!.AsArray().Single(f => (string?)f!["name"] == name)!;
        Assert.That((long)function["version"]!, Is.EqualTo(1));
        Assert.That(function["config"]!["execution_mode"]!.GetValue<string>(), Is.EqualTo("process"));
        Assert.That(function["instances"]!["total"], Is.Not.Null);
    }

    [Test]
    public async Task List_Table_ShowsNameVersionAndMode()
    {
        var name = UniqueName("tabled");
        await DeployAsync(name, EchoSource);

        var result = await RunExpectingAsync(0, "ls");

        var row = result.Out.Split('\n').Single(l => l.Contains(name, StringComparison.Ordinal));
        Assert.That(row, Does.Match(@"\b1\b.*process"));
        Assert.That(result.Out, Does.Contain("name").And.Contain("version").And.Contain("instances"));
    }

    [Test]
    public async Task List_InvokeOnlyKey_Exit1Forbidden()
    {
        Cli.Environment["FAAS_API_KEY"] = SharedGateway.InvokeKey;

        var result = await RunExpectingAsync(1, "list");

        Assert.That(result.Error, Does.StartWith("error: forbidden:").And.Contain("(HTTP 403)"));
    }
}
