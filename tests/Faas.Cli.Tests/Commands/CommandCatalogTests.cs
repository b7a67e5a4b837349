using Faas.Cli.Commands;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class CommandCatalogTests
{
    [Test]
    public void Build_EveryCommandClass_IsOnTheCommandLine()
    {
        var root = CommandCatalog.Build(Context());

        Assert.That(root.Subcommands.Select(c => c.Name), Is.EqualTo(new[]
        {
            "bench", "delete", "deploy", "describe", "init", "invoke", "list", "login", "logs", "secrets", "stats",
        }));
        Assert.That(root.Subcommands.Single(c => c.Name == "secrets").Subcommands.Select(c => c.Name), Is.EqualTo(new[] { "delete", "list", "set" }));
    }

    [Test]
    public void Build_ReadCommands_AllTakeJson()
    {
        var root = CommandCatalog.Build(Context());

        foreach (var name in new[] { "list", "describe", "logs", "stats", "bench", "deploy", "invoke" })
        {
            Assert.That(root.Subcommands.Single(c => c.Name == name).Options.Select(o => o.Name), Does.Contain("--json"), name);
        }

        var secretsList = root.Subcommands.Single(c => c.Name == "secrets").Subcommands.Single(c => c.Name == "list");
        Assert.That(secretsList.Options.Select(o => o.Name), Does.Contain("--json"));
    }

    private static CliContext Context() => new(
        new CapturedConsole().Console,
        new CapturedConsole().Console,
        new CliEnvironment { Variable = _ => null, CurrentDirectory = "/", OpenInput = () => Stream.Null },
        TimeProvider.System);
}
