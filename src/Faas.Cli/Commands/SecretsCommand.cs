using System.CommandLine;

namespace Faas.Cli.Commands;

/// <summary><c>faas secrets</c>: the group of list/set/delete (admin key); values are sent, never shown.</summary>
internal sealed class SecretsCommand : ICliCommand
{
    public Command Build(CliContext context) =>
        new("secrets", "Manage secrets (needs an admin key); values are never printed");
}
