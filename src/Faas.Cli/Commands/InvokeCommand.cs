using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Invoke;
using Faas.Cli.Output;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas invoke NAME [-d DATA | -d @FILE | -d @-] [--async [--wait]]</c>: calls the function and
/// prints its answer as received (like curl); with --async, queues the call and prints its execution id.
/// </summary>
internal sealed class InvokeCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var data = new Option<string>("--data", "-d") { Description = "The request body: text, @FILE, or @- for standard input" };
        var method = new Option<string>("--method", "-X") { Description = "The HTTP method", DefaultValueFactory = _ => "POST" };
        var headers = new Option<string[]>("--header", "-H") { Description = "A request header 'Name: value' (repeatable)" };
        var path = new Option<string>("--path") { Description = "A sub-path after /invoke/NAME, for example /items/1?x=2" };
        var async = new Option<bool>("--async") { Description = "Queue the call and print its execution id (202)" };
        var wait = new Option<bool>("--wait") { Description = "With --async: wait for the execution to finish and print its result" };
        var output = new Option<string>("--output", "-o") { Description = "Write the answer's body to this file instead of stdout" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the status, time, cold start and request id on stderr" };
        var json = new Option<bool>("--json") { Description = "With --async: print the platform's JSON answer (the execution id, or the execution with --wait)" };
        var command = new Command("invoke", "Call a function and print its answer") { name, data, method, headers, path, async, wait, output, verbose, json };
        command.SetAction(async (parse, ct) =>
        {
            var request = new InvokeRequest(
                parse.GetValue(name)!, parse.GetValue(method)!, parse.GetValue(data), parse.GetValue(headers) ?? [], parse.GetValue(path));
            var options = new InvokeOutput(parse.GetValue(output), parse.GetValue(verbose), parse.GetValue(json));
            return parse.GetValue(async) || parse.GetValue(wait)
                ? await AsyncInvocation.RunAsync(context, request, parse.GetValue(wait), options, ct)
                : await RunAsync(context, request, options, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, InvokeRequest invoke, InvokeOutput output, CancellationToken cancellationToken)
    {
        using var request = invoke.Build(context, async: false, out var problem);
        if (request is null)
        {
            return context.Usage(problem!);
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var started = context.Time.GetTimestamp();
        var sent = await api.SendAsync(request, cancellationToken);
        if (sent.Error is { } unreachable)
        {
            return context.Fail(unreachable);
        }

        var response = sent.Value!;
        if (output.Verbose)
        {
            var elapsed = context.Time.GetElapsedTime(started);
            var cold = response.Header("X-Faas-Cold-Start") == "true" ? ", cold start" : "";
            context.RawError.WriteLine($"HTTP {response.Status}, {elapsed.TotalMilliseconds:0} ms{cold}, request id {SafeText.Clean(response.Header("X-Request-Id"))}");
        }

        if (!response.IsSuccess)
        {
            var error = ApiError.FromResponse(response);
            if (!error.Code.StartsWith("http_", StringComparison.Ordinal))
            {
                return context.Fail(error);
            }

            // The handler's own non-2xx answer: its body is the answer, the status makes it a failure.
            await output.WriteBodyAsync(context, response.Body, cancellationToken);
            context.RawError.WriteLine($"error: the function answered HTTP {response.Status}");
            return ExitCodes.Refused;
        }

        return await output.WriteBodyAsync(context, response.Body, cancellationToken);
    }
}
