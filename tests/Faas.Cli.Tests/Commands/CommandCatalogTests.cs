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
            "aliases", "bench", "delete", "deploy", "describe", "executions", "init", "invoke", "list", "login", "logs", "rollback", "schedules",
            "secrets", "stats", "versions",
        }));
        Assert.That(root.Subcommands.Single(c => c.Name == "secrets").Subcommands.Select(c => c.Name), Is.EqualTo(new[] { "delete", "list", "set" }));
        Assert.That(root.Subcommands.Single(c => c.Name == "aliases").Subcommands.Select(c => c.Name), Is.EqualTo(new[] { "delete", "list", "set" }));
        Assert.That(root.Subcommands.Single(c => c.Name == "schedules").Subcommands.Select(c => c.Name), Is.EqualTo(new[] { "add", "delete", "list" }));
    }

    [Test]
    public void Build_ReadCommands_AllTakeJson()
    {
        var root = CommandCatalog.Build(Context());

        foreach (var name in new[] { "list", "describe", "logs", "stats", "bench", "deploy", "invoke", "versions", "executions" })
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
