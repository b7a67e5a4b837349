using System.CommandLine;

namespace Faas.Cli.Commands;

/// <summary><c>faas aliases</c>: the group of list/set/delete.</summary>
internal sealed class AliasesCommand : ICliCommand
{
    public Command Build(CliContext context) =>
        new("aliases", "Manage a function's aliases: names for versions, with weighted routes (invoke NAME@ALIAS)");
}
