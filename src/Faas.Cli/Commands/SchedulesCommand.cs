using System.CommandLine;

namespace Faas.Cli.Commands;

/// <summary><c>faas schedules</c>: the group of list/add/delete.</summary>
internal sealed class SchedulesCommand : ICliCommand
{
    public Command Build(CliContext context) =>
        new("schedules", "Manage a function's cron schedules (each firing is an async execution: see faas executions NAME)");
}
