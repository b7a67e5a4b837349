using System.CommandLine;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas rollback NAME VERSION</c>: deploys that version's code and config again, as a new newest version.</summary>
internal sealed class RollbackCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var version = new Argument<long>("version") { Description = "The version to go back to (see faas versions NAME)" };
        var command = new Command("rollback", "Make an older version's code and config the newest version again") { name, version };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(version), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, long version, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Post, ApiPaths.Rollback(name), new JsonObject { ["version"] = version }, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated($"Rolled [bold]{name}[/] back to version {version}: it runs as version {Output.Json.Text(result.Value, "version")}.");
        return ExitCodes.Success;
    }
}
