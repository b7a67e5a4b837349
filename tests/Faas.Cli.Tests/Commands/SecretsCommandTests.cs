using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class SecretsCommandTests : CliTestBase
{
    [Test]
    public async Task Secrets_SetListUpdateDelete_ValueNeverPrinted()
    {
        var name = UniqueName("db-password");
        var created = await Cli.RunAsync(["secrets", "set", name, "--from-stdin"], "hunter2-first", CancellationToken.None);
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        Assert.That(created.Out, Does.Contain($"Created secret {name}"));

        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "value.txt"), "hunter2-second");
        var updated = await RunExpectingAsync(0, "secrets", "set", name, "--from-file", "value.txt");
        Assert.That(updated.Out, Does.Contain($"Updated secret {name}"));

        var list = await JsonOfAsync("secrets", "list", "--json");
        var entry = list["secrets"]!.AsArray().Single(s => (string?)s!["name"] == name)!;
        Assert.That(entry.ToJsonString(), Does.Not.Contain("hunter2"));
        var table = await RunExpectingAsync(0, "secrets", "ls");
        Assert.That(table.Out, Does.Contain(name).And.Not.Contain("hunter2"));

        await RunExpectingAsync(0, "secrets", "delete", name);
        var after = await JsonOfAsync("secrets", "list", "--json");
        Assert.That(after["secrets"]!.AsArray().Select(s => (string?)s!["name"]), Does.Not.Contain(name));
    }

    [Test]
    public async Task Secrets_ManageKeyWithoutAdmin_Exit1Forbidden()
    {
        Cli.Environment["FAAS_API_KEY"] = SharedGateway.ManageKey;

        var result = await RunExpectingAsync(1, "secrets", "list");

        Assert.That(result.Error, Does.StartWith("error: forbidden:"));
    }

    [Test]
    public async Task Secrets_SetWithoutAValueSource_Exit2()
    {
        var result = await RunExpectingAsync(2, "secrets", "set", "some-secret");

        Assert.That(result.Error, Does.Contain("exactly one of --from-file, --from-stdin or --value"));
    }

    [Test]
    public async Task Secrets_GroupAlone_Exit2()
    {
        var result = await RunExpectingAsync(2, "secrets");

        Assert.That(result.Error, Does.Contain("faas secrets --help"));
    }
}
