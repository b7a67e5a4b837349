using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class DescribeCommandTests : CliTestBase
{
    [Test]
    public async Task Describe_Table_ShowsVersionConfigAndInstances()
    {
        var name = UniqueName("described");
        await DeployAsync(name, EchoSource, "--memory", "192Mi", "--env", "GREETING=hi");

        var result = await RunExpectingAsync(0, "describe", name);

        Assert.That(result.Out, Does.Contain(name));
        Assert.That(Row(result.Out, "memory"), Does.Contain("192Mi"));
        Assert.That(Row(result.Out, "environment"), Does.Contain("GREETING=hi"));
        Assert.That(Row(result.Out, "version"), Does.Contain("1"));
        Assert.That(Row(result.Out, "instances"), Does.Contain("total"));
    }

    [Test]
    public async Task Describe_Json_HasTheRestShape()
    {
        var name = UniqueName("shape");
        await DeployAsync(name, EchoSource);

        var function = await JsonOfAsync("describe", name, "--json");

        Assert.That(function.AsObject().Select(p => p.Key), Is.SupersetOf(new[]
        {
            "name", "version", "status", "config", "instances", "artifact_hash", "created_at", "updated_at",
        }));
    }

    [Test]
    public async Task Describe_UnknownFunction_Exit1NotFound()
    {
        var result = await RunExpectingAsync(1, "describe", UniqueName("ghost"));

        Assert.That(result.Error, Does.StartWith("error: not_found:"));
        Assert.That(result.Out, Is.Empty);
    }

    private static string Row(string table, string field) =>
        table.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $@"│ {Regex.Escape(field)}\s+│")) ?? $"(no row '{field}' in)\n{table}";
}
