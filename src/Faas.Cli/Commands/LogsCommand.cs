using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Faas.Cli.Logs;
using Faas.Cli.Output;
using Faas.Cli.Parsing;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas logs NAME [-f]</c>: what the function's instances wrote to stdout and stderr. The platform
/// has no server-side follow: -f polls with <c>since</c> until Ctrl+C.
/// </summary>
internal sealed class LogsCommand : ICliCommand
{
    private const int FollowBatch = 5000;

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var tail = new Option<int>("--tail", "-n") { Description = "How many of the last lines to show (1 to 100000)", DefaultValueFactory = _ => 100 };
        var since = new Option<string>("--since") { Description = "Only lines from this time on: an ISO 8601 time, or a duration ago (10m, 2h)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C" };
        var interval = new Option<TimeSpan>("--interval") { Description = "How often -f asks for new lines", DefaultValueFactory = _ => TimeSpan.FromSeconds(1), CustomParser = DurationText.Positive };
        var json = CommonOptions.Json();
        var command = new Command("logs", "Print a function's stdout and stderr") { name, tail, since, follow, interval, json };
        command.SetAction((parse, ct) => RunAsync(
            context, parse.GetValue(name)!, parse.GetValue(tail), parse.GetValue(since), parse.GetValue(follow), parse.GetValue(interval), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, string name, int tail, string? sinceText, bool follow, TimeSpan interval, bool json, CancellationToken cancellationToken)
    {
        string? since = null;
        if (sinceText is not null)
        {
            if (DurationText.TryParse(sinceText, out var ago))
            {
                since = (context.Time.GetUtcNow() - ago).ToString("O", CultureInfo.InvariantCulture);
            }
            else if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                since = time.ToString("O", CultureInfo.InvariantCulture);
            }
            else
            {
                return context.Usage($"--since '{sinceText}' is neither an ISO 8601 time nor a duration (10m, 2h)");
            }
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var cursor = new LogCursor();
        var first = await FetchAsync(api, name, tail, since, cancellationToken);
        if (first.Error is { } error)
        {
            return context.Fail(error);
        }

        if (json && !follow)
        {
            Json.Write(context, first.Value!);
            return ExitCodes.Success;
        }

        Print(context, cursor.Fresh(Lines(first.Value)), json);
        if (!follow)
        {
            return ExitCodes.Success;
        }

        try
        {
            while (true)
            {
                await Task.Delay(interval, context.Time, cancellationToken);
                var next = await FetchAsync(api, name, FollowBatch, cursor.Since ?? since, cancellationToken);
                if (next.Error is { } failed)
                {
                    return context.Fail(failed);
                }

                Print(context, cursor.Fresh(Lines(next.Value)), json);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
    }

    private static Task<ApiResult<JsonNode>> FetchAsync(ApiClient api, string name, int tail, string? since, CancellationToken cancellationToken)
    {
        var query = $"?tail={tail.ToString(CultureInfo.InvariantCulture)}";
        if (since is not null)
        {
            query += "&since=" + Uri.EscapeDataString(since);
        }

        return api.GetAsync(ApiPaths.Logs(name) + query, cancellationToken);
    }

    private static IEnumerable<JsonNode?> Lines(JsonNode? answer) => answer?["lines"] as JsonArray ?? [];

    private static void Print(CliContext context, List<JsonNode> lines, bool json)
    {
        foreach (var line in lines)
        {
            if (json)
            {
                Json.WriteLine(context, line);
            }
            else
            {
                context.RawOut.WriteLine(LogLineFormat.Format(line));
            }
        }

        context.RawOut.Flush();
    }
}
