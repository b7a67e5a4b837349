using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas schedules list NAME</c>: each schedule with its cron, zone, qualifier, next and last run.</summary>
internal sealed class SchedulesListCommand : ICliCommand
{
    public string? Parent => "schedules";

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var json = CommonOptions.Json();
        var command = new Command("list", "List a function's schedules") { name, json };
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

        var result = await api.GetAsync(ApiPaths.Schedules(name), cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        if (json)
        {
            Json.Write(context, result.Value!);
            return ExitCodes.Success;
        }

        var schedules = result.Value!["schedules"]?.AsArray() ?? [];
        if (schedules.Count == 0)
        {
            context.Out.WriteLine("No schedules.");
            return ExitCodes.Success;
        }

        var table = Tables.Create("schedule", "cron", "time zone", "runs", "catch up", "next run", "last run");
        foreach (var schedule in schedules)
        {
            var qualifier = Json.Text(schedule, "qualifier");
            Tables.AddRow(table, Json.Text(schedule, "name"), Json.Text(schedule, "cron"), Json.Text(schedule, "time_zone"),
                qualifier.Length == 0 ? "newest" : qualifier, Json.Text(schedule, "catch_up"), Json.Time(schedule, "next_run"), Json.Time(schedule, "last_run"));
        }

        context.Out.Write(table);
        return ExitCodes.Success;
    }
}
