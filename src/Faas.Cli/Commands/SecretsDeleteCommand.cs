using System.CommandLine;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas secrets delete NAME</c> (refused while a function uses it).</summary>
internal sealed class SecretsDeleteCommand : ICliCommand
{
    public string? Parent => "secrets";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The secret's name" };
        var command = new Command("delete", "Delete a secret") { name };
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

        var result = await api.SendJsonAsync(HttpMethod.Delete, ApiPaths.Secret(name), null, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated($"Deleted secret [bold]{name}[/].");
        return ExitCodes.Success;
    }
}
