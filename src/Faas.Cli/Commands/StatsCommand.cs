using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Faas.Cli.Parsing;
using Faas.Cli.Stats;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas stats [NAME] [--watch]</c>: a function's (or the platform's) counters and latencies.
/// --watch redraws the table in place on a terminal, and prints one table (or JSON line) per
/// refresh when stdout is not a terminal, until Ctrl+C.
/// </summary>
internal sealed class StatsCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "The function (default: the whole platform)", Arity = ArgumentArity.ZeroOrOne };
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh until Ctrl+C" };
        var interval = new Option<TimeSpan>("--interval") { Description = "How often --watch refreshes", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = DurationText.Positive };
        var json = CommonOptions.Json();
        var command = new Command("stats", "Show invocations, errors, latency and instances") { name, watch, interval, json };
        command.SetAction((parse, ct) =>
            RunAsync(context, parse.GetValue(name), parse.GetValue(watch), parse.GetValue(interval), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? name, bool watch, TimeSpan interval, bool json, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var path = name is null ? ApiPaths.PlatformStats : ApiPaths.Stats(name);
        var first = await api.GetAsync(path, cancellationToken);
        if (first.Error is { } error)
        {
            return context.Fail(error);
        }

        if (!watch)
        {
            Show(context, first.Value!, name, json, stream: false);
            return ExitCodes.Success;
        }

        try
        {
            return context.CanRedraw && !json
                ? await LiveAsync(context, api, path, name, first.Value!, interval, cancellationToken)
                : await AppendAsync(context, api, path, name, first.Value!, interval, json, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
    }

    /// <summary>One table redrawn in place (Spectre's live display).</summary>
    private static async Task<int> LiveAsync(
        CliContext context, ApiClient api, string path, string? name, JsonNode first, TimeSpan interval, CancellationToken cancellationToken)
    {
        ApiError? failure = null;
        await context.Out.Live(StatsTable.Render(first, Title(context, name)))
            .AutoClear(false)
            .StartAsync(async live =>
            {
                while (true)
                {
                    await Task.Delay(interval, context.Time, cancellationToken);
                    var next = await api.GetAsync(path, cancellationToken);
                    if (next.Error is { } error)
                    {
                        failure = error;
                        return;
                    }

                    live.UpdateTarget(StatsTable.Render(next.Value!, Title(context, name)));
                    live.Refresh();
                }
            });
        return failure is null ? ExitCodes.Success : context.Fail(failure);
    }

    /// <summary>Not a terminal (or --json): one table, or one JSON line, per refresh.</summary>
    private static async Task<int> AppendAsync(
        CliContext context, ApiClient api, string path, string? name, JsonNode first, TimeSpan interval, bool json, CancellationToken cancellationToken)
    {
        Show(context, first, name, json, stream: true);
        while (true)
        {
            await Task.Delay(interval, context.Time, cancellationToken);
            var next = await api.GetAsync(path, cancellationToken);
            if (next.Error is { } error)
            {
                return context.Fail(error);
            }

            Show(context, next.Value!, name, json, stream: true);
        }
    }

    private static void Show(CliContext context, JsonNode stats, string? name, bool json, bool stream)
    {
        if (json && stream)
        {
            Json.WriteLine(context, stats);
        }
        else if (json)
        {
            Json.Write(context, stats);
        }
        else
        {
            context.Out.Write(StatsTable.Render(stats, Title(context, name)));
            context.RawOut.Flush();
        }
    }

    private static string Title(CliContext context, string? name) =>
        $"{name ?? "platform"} at {context.Time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";
}
