using System.CommandLine;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas aliases delete NAME ALIAS</c> (refused while a schedule fires through it).</summary>
internal sealed class AliasesDeleteCommand : ICliCommand
{
    public string? Parent => "aliases";

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var alias = new Argument<string>("alias") { Description = "The alias's name" };
        var command = new Command("delete", "Delete an alias") { name, alias };
        command.Aliases.Add("rm");
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(alias)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string alias, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Delete, ApiPaths.Alias(name, alias), null, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated($"Deleted alias [bold]{name}@{alias}[/].");
        return ExitCodes.Success;
    }
}
