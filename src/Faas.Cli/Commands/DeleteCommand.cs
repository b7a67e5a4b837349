using System.CommandLine;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas delete NAME</c>: removes the function and stops its instances.</summary>
internal sealed class DeleteCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var command = new Command("delete", "Delete a function and stop its instances") { name };
        command.Aliases.Add("rm");
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Delete, ApiPaths.Function(name), null, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated($"Deleted [bold]{name}[/].");
        return ExitCodes.Success;
    }
}
