using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Bench;
using Faas.Cli.Invoke;
using Faas.Cli.Output;
using Faas.Cli.Parsing;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas bench NAME -c 32 -d 10s</c>: a bounded load on the configured platform (never another
/// address), with a progress bar on a terminal, then requests/s, percentiles, statuses and a histogram.
/// </summary>
internal sealed class BenchCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Calls in flight at once", DefaultValueFactory = _ => 8 };
        var requests = new Option<long?>("--requests", "-n") { Description = $"Stop after this many calls (at most {BenchPlan.MaxRequests})" };
        var duration = new Option<TimeSpan?>("--duration", "-d")
        {
            Description = $"Stop after this long: 10s, 2m (default 10s when -n is not given; at most {BenchPlan.MaxDuration.TotalMinutes:0}m)",
            CustomParser = r => DurationText.Positive(r),
        };
        var data = new Option<string>("--data") { Description = "The request body: text, @FILE or @-" };
        var method = new Option<string>("--method", "-X") { Description = "The HTTP method", DefaultValueFactory = _ => "POST" };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Load a function for a bounded time or count and print latency figures")
        {
            name, concurrency, requests, duration, data, method, json,
        };
        command.SetAction((parse, ct) => RunAsync(
            context,
            new InvokeRequest(parse.GetValue(name)!, parse.GetValue(method)!, parse.GetValue(data), [], null),
            parse.GetValue(concurrency), parse.GetValue(requests), parse.GetValue(duration), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, InvokeRequest invoke, int concurrency, long? requests, TimeSpan? duration, bool json, CancellationToken cancellationToken)
    {
        using var warmup = invoke.Build(context, async: false, out var problem);
        if (warmup is null)
        {
            return context.Usage(problem!);
        }

        var body = await warmup.Content!.ReadAsByteArrayAsync(cancellationToken);
        var plan = new BenchPlan(invoke.Name, concurrency, requests, duration, invoke.Method.ToUpperInvariant(), body);
        if (plan.Problem() is { } wrong)
        {
            return context.Usage(wrong);
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        // One call first, not counted: it starts an instance and shows a wrong name or key before any load.
        var first = await api.SendAsync(warmup, cancellationToken);
        if (first.Error is { } unreachable)
        {
            return context.Fail(unreachable);
        }

        if (first.Value!.Status is 401 or 403 or 404)
        {
            return context.Fail(ApiError.FromResponse(first.Value));
        }

        var handler = ApiClient.CreateHandler(plan.Concurrency);
        using var client = ApiClient.CreateHttpClient(api.Settings, handler, TimeSpan.FromSeconds(60));
        var runner = new BenchRunner(plan, context.Time);
        BenchResult result;
        try
        {
            result = context.CanRedraw && !json
                ? await WithProgressAsync(context, plan, runner, client, cancellationToken)
                : await runner.RunAsync(client, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (json)
        {
            Json.Write(context, BenchReport.ToJson(plan, result));
        }
        else
        {
            BenchReport.Write(context.Out, plan, result);
        }

        return result.Statuses.Keys.Any(s => s.StartsWith('2')) ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static Task<BenchResult> WithProgressAsync(CliContext context, BenchPlan plan, BenchRunner runner, HttpClient client, CancellationToken cancellationToken) =>
        context.Out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"bench {Markup.Escape(plan.Function)}", maxValue: 1);
                var run = runner.RunAsync(client, cancellationToken);
                while (!run.IsCompleted)
                {
                    task.Value = runner.Fraction();
                    task.Description = $"bench {Markup.Escape(plan.Function)}: {runner.Completed} calls";
                    await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(100), context.Time, cancellationToken));
                }

                task.Value = 1;
                return await run;
            });
}
