using System.Buffers;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Executions;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>POST /async-function/{name}[.openfaas-fn][/{*path}]</c> as the OpenFaaS gateway answers it: the call is stored as
/// a durable execution (the same as <c>X-Faas-Async: true</c> on <c>/invoke</c>), then 202 with an empty body and
/// <c>X-Call-Id</c>, which the function sees too. <c>X-Callback-Url</c> is honoured within
/// <c>async.callback_allow_hosts</c>. The route follows <c>openfaas.public_invoke</c> like <c>/function/*</c>;
/// <c>Location</c> names the execution (<c>GET /executions/{id}</c>, invoke scope) for callers that want its result.
/// </summary>
internal static class OpenFaasAsyncEndpoints
{
    public static void MapOpenFaasAsyncEndpoints(this IEndpointRouteBuilder app, bool publicInvoke)
    {
        var scope = publicInvoke ? Scope.None : Scope.Invoke;
        app.MapPost("/async-function/{function}", SubmitAsync).RequireScope(scope);
        app.MapPost("/async-function/{function}/{**path}", SubmitAsync).RequireScope(scope);
    }

    private static async Task SubmitAsync(HttpContext context, string function, ExecutionService executions, IOptions<GatewayOptions> gateway, TimeProvider time)
    {
        OpenFaasCallHeaders.Apply(context, time);
        if (!OpenFaasInvokeEndpoints.TryResolve(context, function, out var name, out var refusal))
        {
            await refusal;
            return;
        }

        var (body, length, error) = await InvokeEndpoints.ReadBodyAsync(context, gateway.Value.MaxRequestBodyBytes);
        if (error is not null)
        {
            await ApiErrors.WriteAsync(context, error.Value.Status, error.Value.Message);
            return;
        }

        try
        {
            var callback = context.Request.Headers[ExecutionEndpoints.CallbackHeader].ToString();
            var result = await executions.SubmitAsync(new ExecutionRequest(
                name,
                context.Request.Method,
                "/" + (context.Request.RouteValues["path"] as string ?? ""),
                InvokeEndpoints.Pairs(context.Request.Query),
                InvokeEndpoints.Headers(context.Request.Headers, context.TraceIdentifier),
                body.AsMemory(0, length),
                callback.Length == 0 ? null : callback)
            {
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
        }
        finally
        {
            if (body.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }
}
