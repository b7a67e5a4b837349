using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas aliases list NAME</c>: each alias with its routes (version:weight).</summary>
internal sealed class AliasesListCommand : ICliCommand
{
    public string? Parent => "aliases";

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var json = CommonOptions.Json();
        var command = new Command("list", "List a function's aliases") { name, json };
        command.Aliases.Add("ls");
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, bool json, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.GetAsync(ApiPaths.Aliases(name), cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        if (json)
        {
            Json.Write(context, result.Value!);
            return ExitCodes.Success;
        }

        var aliases = result.Value!["aliases"]?.AsArray() ?? [];
        if (aliases.Count == 0)
        {
            context.Out.WriteLine("No aliases.");
            return ExitCodes.Success;
        }

        var table = Tables.Create("alias", "routes (version: weight)", "updated");
        foreach (var alias in aliases)
        {
            var routes = (alias?["routes"]?.AsArray() ?? []).Select(r => $"{Json.Text(r, "version")}: {Json.Text(r, "weight")}%");
            Tables.AddRow(table, Json.Text(alias, "name"), string.Join(", ", routes), Json.Time(alias, "updated_at"));
        }

        context.Out.Write(table);
        return ExitCodes.Success;
    }
}
