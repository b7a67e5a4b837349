using System.CommandLine;

namespace Faas.Cli.Commands;

/// <summary>
/// One <c>faas</c> command. Every implementation in this assembly is found by
/// <see cref="CommandCatalog"/>, so adding a command is adding one file.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The group command this one belongs under ("secrets"), or null for a top-level command.</summary>
    string? Parent => null;

    Command Build(CliContext context);
}
