using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas list</c>: the deployed functions, one per row.</summary>
internal sealed class ListCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List the functions") { json };
        command.Aliases.Add("ls");
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, bool json, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.GetAsync(ApiPaths.Functions, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        if (json)
        {
            Json.Write(context, result.Value!);
            return ExitCodes.Success;
        }

        var functions = result.Value!["functions"]?.AsArray() ?? [];
        if (functions.Count == 0)
        {
            context.Out.WriteLine("No functions. Start with: faas init hello && faas deploy hello hello.csx");
            return ExitCodes.Success;
        }

        var table = Tables.Create("name", "version", "status", "mode", "instances", "updated");
        foreach (var function in functions)
        {
            var instances = function?["instances"];
            Tables.AddRow(table,
                Json.Text(function, "name"),
                Json.Text(function, "version"),
                Json.Text(function, "status"),
                Json.Text(function?["config"], "execution_mode"),
                $"{Json.Long(instances, "busy")} busy / {Json.Long(instances, "total")}",
                Json.Time(function, "updated_at"));
        }

        context.Out.Write(table);
        return ExitCodes.Success;
    }
}
