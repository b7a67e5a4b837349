using System.CommandLine;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas schedules delete NAME SCHEDULE</c>.</summary>
internal sealed class SchedulesDeleteCommand : ICliCommand
{
    public string? Parent => "schedules";

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var schedule = new Argument<string>("schedule") { Description = "The schedule's name" };
        var command = new Command("delete", "Delete a schedule (firings already queued still run)") { name, schedule };
        command.Aliases.Add("rm");
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(schedule)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string schedule, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Delete, ApiPaths.Schedule(name, schedule), null, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated($"Deleted schedule [bold]{schedule}[/] of {name}.");
        return ExitCodes.Success;
    }
}
