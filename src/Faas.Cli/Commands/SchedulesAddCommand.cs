using System.CommandLine;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas schedules add NAME SCHEDULE --cron CRON [--time-zone Z] [--qualifier Q] [-d DATA] [-H 'Name: value'] [--catch-up once|skip]</c>.
/// </summary>
internal sealed class SchedulesAddCommand : ICliCommand
{
    public string? Parent => "schedules";

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var schedule = new Argument<string>("schedule") { Description = "The schedule's name" };
        var cron = new Option<string>("--cron") { Description = "Five fields (0 3 * * *) or six with seconds first (*/2 * * * * *)", Required = true };
        var zone = new Option<string>("--time-zone", "--tz") { Description = "The cron's time zone (IANA, default UTC)" };
        var qualifier = new Option<string>("--qualifier", "-q") { Description = "The version or alias to run (default: the newest version)" };
        var data = new Option<string>("--data", "-d") { Description = "The body each firing sends (text, or @FILE)" };
        var headers = new Option<string[]>("--header", "-H") { Description = "A header each firing sends, 'Name: value' (repeatable)" };
        var catchUp = new Option<string>("--catch-up") { Description = "Firings missed while the platform was down: once (default) or skip" };
        var command = new Command("add", "Run a function on a cron schedule") { name, schedule, cron, zone, qualifier, data, headers, catchUp };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, new JsonObject
        {
            ["name"] = parse.GetValue(schedule),
            ["cron"] = parse.GetValue(cron),
            ["time_zone"] = parse.GetValue(zone),
            ["qualifier"] = parse.GetValue(qualifier),
            ["catch_up"] = parse.GetValue(catchUp),
        }, parse.GetValue(data), parse.GetValue(headers) ?? [], ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, JsonObject body, string? data, string[] headers, CancellationToken cancellationToken)
    {
        foreach (var key in body.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            body.Remove(key);
        }

        if (data is not null)
        {
            try
            {
                body["body"] = data.StartsWith('@') ? await File.ReadAllTextAsync(context.Environment.FullPath(data[1..]), cancellationToken) : data;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return context.Usage($"cannot read the body from {data[1..]}: {ex.Message}");
            }
        }

        if (headers.Length > 0)
        {
            var map = new JsonObject();
            foreach (var header in headers)
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    return context.Usage($"--header '{header}' is not 'Name: value'");
                }

                map[header[..colon].Trim()] = header[(colon + 1)..].Trim();
            }

            body["headers"] = map;
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Post, ApiPaths.Schedules(name), body, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated(
            $"Scheduled [bold]{name}[/] as '{Output.Json.Text(result.Value, "name")}' ({Output.Json.Text(result.Value, "cron")}); next run {Output.Json.Time(result.Value, "next_run")}.");
        return ExitCodes.Success;
    }
}
