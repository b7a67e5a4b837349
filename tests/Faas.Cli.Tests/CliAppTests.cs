using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Cli.Tests;

/// <summary>Exit codes and usage errors that need no platform.</summary>
[TestFixture]
public sealed class CliAppTests
{
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner() => _cli = CliRunner.InTemporaryDirectory();

    [TearDown]
    public void DeleteRunner() => _cli.Delete();

    [Test]
    public async Task Run_NoCommand_Exit2WithAHint()
    {
        var result = await _cli.RunAsync();

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("Run 'faas --help' for usage."));
    }

    [Test]
    public async Task Run_UnknownOption_Exit2NamingIt()
    {
        var result = await _cli.RunAsync("list", "--frobnicate");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("--frobnicate").And.Contain("faas list --help"));
    }

    [Test]
    public async Task Run_MissingArgument_Exit2()
    {
        var result = await _cli.RunAsync("deploy", "only-a-name");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }

    [Test]
    public async Task Run_NotANumber_Exit2()
    {
        var result = await _cli.RunAsync("deploy", "f", "f.csx", "--max", "many");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }

    [Test]
    public async Task Run_Help_Exit0AndListsTheCommands()
    {
        var result = await _cli.RunAsync("--help");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Out, Does.Contain("deploy").And.Contain("invoke").And.Contain("bench"));
    }

    [Test]
    public async Task Run_NothingListening_Exit3WithAHint()
    {
        _cli.Environment["FAAS_URL"] = $"http://127.0.0.1:{GatewayProcess.FreePort()}";

        var result = await _cli.RunAsync("list");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: cannot reach the platform at http://127.0.0.1:").And.Contain("faas login"));
    }

    [Test]
    public async Task Run_FaasUrlNotHttp_Exit2()
    {
        _cli.Environment["FAAS_URL"] = "localhost:8000";

        var result = await _cli.RunAsync("list");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("FAAS_URL").Or.Contain("localhost:8000"));
    }

    [Test]
    public async Task Run_DataStartingWithAt_IsNotTakenForAResponseFile()
    {
        _cli.Environment["FAAS_URL"] = $"http://127.0.0.1:{GatewayProcess.FreePort()}";

        var result = await _cli.RunAsync("invoke", "f", "-d", "@no-such-file");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("cannot read the body from no-such-file"));
    }
}
