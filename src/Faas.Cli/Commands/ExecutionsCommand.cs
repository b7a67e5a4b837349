using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas executions NAME [--limit N]</c>: a function's async executions and scheduled firings, newest first.</summary>
internal sealed class ExecutionsCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var limit = new Option<int>("--limit", "-n") { Description = "How many (1 to 1000)", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var command = new Command("executions", "List a function's async executions (scheduled firings included), newest first") { name, limit, json };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(limit), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, int limit, bool json, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return context.Usage("--limit must be from 1 to 1000");
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.GetAsync(ApiPaths.Executions(name, limit), cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        if (json)
        {
            Json.Write(context, result.Value!);
            return ExitCodes.Success;
        }

        var executions = result.Value!["executions"]?.AsArray() ?? [];
        if (executions.Count == 0)
        {
            context.Out.WriteLine("No executions.");
            return ExitCodes.Success;
        }

        var table = Tables.Create("execution", "status", "version", "schedule", "attempts", "created", "finished");
        foreach (var execution in executions)
        {
            var status = Json.Text(execution, "status");
            var code = Json.Text(execution, "status_code");
            Tables.AddRow(table, Json.Text(execution, "execution_id"), code.Length > 0 ? $"{status} ({code})" : status, Json.Text(execution, "version"),
                Json.Text(execution, "schedule"), Json.Text(execution, "attempts"), Json.Time(execution, "created_at"), Json.Time(execution, "finished_at"));
        }

        context.Out.Write(table);
        return ExitCodes.Success;
    }
}
