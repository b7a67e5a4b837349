using System.Buffers;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Executions;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// Durable async invocations: <c>X-Faas-Async: true</c> on <c>/invoke/{name}</c> answers 202 with an execution id
/// once the execution is stored (OpenFaaS's <c>/async-function/{name}</c> is <c>OpenFaasAsyncEndpoints</c>);
/// <c>GET /executions/{id}</c> tells how it went.
/// </summary>
internal static class ExecutionEndpoints
{
    public const string AsyncHeader = "X-Faas-Async";
    public const string CallbackHeader = "X-Callback-Url";

    public static void MapExecutionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/executions/{id}", Get).RequireScope(Scope.Invoke);
    }

    /// <summary>True when the caller asked for async execution with <c>X-Faas-Async: true</c>.</summary>
    public static bool IsRequested(HttpRequest request) =>
        request.Headers.TryGetValue(AsyncHeader, out var values) && bool.TryParse(values.ToString(), out var value) && value;

    /// <summary>Stores the call as an execution and answers 202, or the reason it was not accepted.</summary>
    public static async Task SubmitAsync(HttpContext context, string name, ExecutionService executions, IOptions<GatewayOptions> gateway)
    {
        var (body, length, error) = await InvokeEndpoints.ReadBodyAsync(context, gateway.Value.MaxRequestBodyBytes);
        if (error is not null)
        {
            await ApiErrors.WriteAsync(context, error.Value.Status, error.Value.Message);
            return;
        }

        try
        {
            var callback = context.Request.Headers[CallbackHeader].ToString();
            var result = await executions.SubmitAsync(new ExecutionRequest(
                name,
                context.Request.Method,
                "/" + (context.Request.RouteValues["path"] as string ?? ""),
                InvokeEndpoints.Pairs(context.Request.Query),
                InvokeEndpoints.Headers(context.Request.Headers, context.TraceIdentifier),
                body.AsMemory(0, length),
                callback.Length == 0 ? null : callback)
            {
                Qualifier = context.Request.RouteValues["qualifier"] as string,
                Namespace = Namespaces.CallerNamespace.Of(context),
            }, context.RequestAborted);
            if (result.Outcome != SubmitOutcome.Accepted)
            {
                var (status, code) = ApiErrors.For(result.Outcome);
                await ApiErrors.WriteAsync(context, status, code, result.Message);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = $"/executions/{result.ExecutionId}";
            await context.Response.WriteAsJsonAsync(new Accepted(result.ExecutionId!), GatewayJson.Options, context.RequestAborted);
        }
        finally
        {
            if (body.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <summary>
    /// An execution is visible to keys of its namespace that may invoke its function (the route needs the invoke scope; a
    /// function-limited key sees only its functions); to any other key it does not exist, exactly like an
    /// unknown id. Callback delivery details are for admin keys only.
    /// </summary>
    private static async Task<IResult> Get(HttpContext context, string id, ExecutionService executions)
    {
        var caller = Callers.Of(context);
        var json = caller is null
            ? null
            : await executions.DescribeAsync(Namespaces.CallerNamespace.Of(context), id, caller.Allows, withCallbackState: (caller.Scopes & Scope.Admin) != 0, context.RequestAborted);
        return json is not null
            ? Results.Bytes(json, "application/json")
            : new ErrorResult(404, "not_found", $"execution '{id}' does not exist (or is past its retention)");
    }

    private sealed record Accepted(string ExecutionId);

    private sealed class ErrorResult(int status, string code, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ApiErrors.WriteAsync(httpContext, status, code, message);
    }
}
