using System.Text;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Faas.Cli.Output;

namespace Faas.Cli.Invoke;

/// <summary>
/// <c>faas invoke --async [--wait]</c>: submits with <c>X-Faas-Async: true</c> (202
/// <c>{"execution_id"}</c>), then optionally polls <c>/executions/{id}</c> until it ends.
/// </summary>
internal static class AsyncInvocation
{
    /// <summary>How long --wait waits for an execution at most (the call's own timeout is far below it).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(30);

    private static readonly string[] s_finished = ["succeeded", "failed", "timed_out"];

    public static async Task<int> RunAsync(CliContext context, InvokeRequest invoke, bool wait, InvokeOutput output, CancellationToken cancellationToken)
    {
        using var request = invoke.Build(context, async: true, out var problem);
        if (request is null)
        {
            return context.Usage(problem!);
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var sent = await api.SendAsync(request, cancellationToken);
        if (sent.Error is { } unreachable)
        {
            return context.Fail(unreachable);
        }

        var response = sent.Value!;
        if (!response.IsSuccess)
        {
            return context.Fail(ApiError.FromResponse(response));
        }

        var accepted = Parse(response.Body);
        var id = Json.Text(accepted, "execution_id");
        if (id.Length == 0)
        {
            return context.Fail(ApiError.BadAnswer(response.Status, "the platform accepted the call but sent no execution_id"));
        }

        if (!wait)
        {
            if (output.Json)
            {
                Json.Write(context, accepted!);
            }
            else
            {
                context.RawOut.WriteLine(SafeText.Clean(id));
            }

            return ExitCodes.Success;
        }

        var execution = await WaitAsync(context, api, id, cancellationToken);
        if (execution.Error is { } error)
        {
            return context.Fail(error);
        }

        return await PrintAsync(context, execution.Value!, output, cancellationToken);
    }

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<ApiResult<JsonNode>> WaitAsync(CliContext context, ApiClient api, string id, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var result = await api.GetAsync(ApiPaths.Execution(id), cancellationToken);
            if (result.Error is not null || s_finished.Contains(Json.Text(result.Value, "status")))
            {
                return result;
            }

            if (context.Time.GetElapsedTime(started) > MaxWait)
            {
                return new ApiError(ApiErrorKind.Refused, 0, "wait_timeout", $"execution {id} did not finish within {MaxWait.TotalMinutes:0} minutes; see 'GET /executions/{id}'", []);
            }

            await Task.Delay(delay, context.Time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>The result's body (exit 0) for a success; the status and error (exit 1) otherwise.</summary>
    private static async Task<int> PrintAsync(CliContext context, JsonNode execution, InvokeOutput output, CancellationToken cancellationToken)
    {
        var status = Json.Text(execution, "status");
        var result = execution["result"];
        if (output.Json)
        {
            Json.Write(context, execution);
        }
        else if (status == "succeeded")
        {
            var base64 = Json.Text(result, "body_base64");
            var body = Encoding.UTF8.GetBytes(Json.Text(result, "body"));
            if (base64.Length > 0)
            {
                body = new byte[base64.Length];
                if (!Convert.TryFromBase64String(base64, body, out var length))
                {
                    return context.Fail(ApiError.BadAnswer(200, "the execution's body_base64 is not base64"));
                }

                body = body[..length];
            }

            return await output.WriteBodyAsync(context, body, cancellationToken);
        }

        if (status == "succeeded")
        {
            return ExitCodes.Success;
        }

        var reason = Json.Text(result, "error");
        context.RawError.WriteLine($"error: execution {SafeText.Clean(status)}{(reason.Length > 0 ? ": " + SafeText.Clean(reason) : "")}");
        return ExitCodes.Refused;
    }
}
