using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Faas.Cli.Tests.Commands;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Cli.Tests;

/// <summary>The built tool as a process: exit codes as a shell sees them, and <c>stats --watch</c> on a real pseudo-terminal.</summary>
[TestFixture]
public sealed partial class ProgramTests
{
    private GatewayProcess _gateway = null!;
    private CliRunner _cli = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _gateway = await SharedGateway.GetAsync();
        _cli = CliRunner.InTemporaryDirectory(new Dictionary<string, string?>
        {
            ["FAAS_URL"] = _gateway.BaseAddress.ToString(),
            ["FAAS_API_KEY"] = SharedGateway.AdminKey,
        });
    }

    [TearDown]
    public void CleanUp() => _cli.Delete();

    [Test]
    public async Task Process_DeployInvokeListJson_ExitCodesAndOutputs()
    {
        var name = CliTestBase.UniqueName("proc");
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "echo.csx"), CliTestBase.EchoSource);

        var deployed = await CliProcess.RunAsync(_cli.Environment, "deploy", name, Path.Combine(_cli.WorkingDirectory, "echo.csx"));
        var invoked = await CliProcess.RunAsync(_cli.Environment, "invoke", name, "-d", "over a pipe");
        var listed = await CliProcess.RunAsync(_cli.Environment, "list", "--json");

        Assert.That(deployed.ExitCode, Is.EqualTo(0), deployed.ToString());
        Assert.That(invoked.ExitCode, Is.EqualTo(0), invoked.ToString());
        Assert.That(invoked.Out, Is.EqualTo("over a pipe\n"));
        Assert.That(listed.ExitCode, Is.EqualTo(0), listed.ToString());
        Assert.That(JsonNode.Parse(listed.Out)!["functions"]!.AsArray().Select(f => (string?)f!["name"]), Does.Contain(name));
    }

    [Test]
    public async Task Process_EveryFailureKind_HasItsExitCode()
    {
        var refused = await CliProcess.RunAsync(_cli.Environment, "describe", CliTestBase.UniqueName("absent"));
        var usage = await CliProcess.RunAsync(_cli.Environment, "deploy");
        var unreachable = await CliProcess.RunAsync(
            new Dictionary<string, string?>(_cli.Environment) { ["FAAS_URL"] = $"http://127.0.0.1:{GatewayProcess.FreePort()}" }, "list");

        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        Assert.That(refused.Error, Does.StartWith("error: not_found:"));
        Assert.That(usage.ExitCode, Is.EqualTo(2), usage.ToString());
        Assert.That(unreachable.ExitCode, Is.EqualTo(3), unreachable.ToString());
    }

    [Test]
    public async Task StatsWatch_OnATerminal_RedrawsTheTableInPlaceAsCallsArrive()
    {
        Requirements.Require(File.Exists("/usr/bin/script"), "needs util-linux's script (/usr/bin/script) for a pseudo-terminal");
        var name = CliTestBase.UniqueName("live");
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "echo.csx"), CliTestBase.EchoSource);
        Assert.That((await _cli.RunAsync("deploy", name, "echo.csx")).ExitCode, Is.EqualTo(0));

        using var terminal = CliProcess.StartOnTerminal(_cli.Environment, "stats", name, "--watch", "--interval", "200ms");
        await CliTestBase.WaitForAsync(() => Invocations(terminal.Out).Contains(0), () => terminal.Out);
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await _cli.RunAsync("invoke", name)).ExitCode, Is.EqualTo(0));
        }

        await CliTestBase.WaitForAsync(() => Invocations(terminal.Out).Contains(3), () => terminal.Out);

        var screen = terminal.Out;
        var firstTable = screen.IndexOf("invocations", StringComparison.Ordinal);
        Assert.That(CursorUp().IsMatch(screen[firstTable..]), Is.True, "the table is redrawn in place (cursor moved up), not printed again below");
        Assert.That(Invocations(screen), Is.Ordered);
    }

    /// <summary>Every "invocations" value drawn so far, in order, with the terminal's escape sequences removed.</summary>
    private static List<long> Invocations(string screen) =>
        InvocationsRow().Matches(Escapes().Replace(screen, "")).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"\x1b\[\d+A")]
    private static partial Regex CursorUp();

    [GeneratedRegex(@"invocations\s*│\s*(\d+)\s*│")]
    private static partial Regex InvocationsRow();
}
