using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Invocation;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>ANY /function/{name}[.openfaas-fn][/{*path}]</c>: the same invocation as <c>/invoke/{name}</c>. OpenFaaS
/// leaves these routes open; Faas keeps the invoke scope unless <c>openfaas.public_invoke: true</c>.
/// </summary>
internal static class OpenFaasInvokeEndpoints
{
    public static void MapOpenFaasInvokeEndpoints(this IEndpointRouteBuilder app, bool publicInvoke)
    {
        var scope = publicInvoke ? Scope.None : Scope.Invoke;
        app.Map("/function/{function}", InvokeAsync).RequireScope(scope);
        app.Map("/function/{function}/{**path}", InvokeAsync).RequireScope(scope);
    }

    private static Task InvokeAsync(HttpContext context, string function, IFunctionInvoker invoker, IOptions<GatewayOptions> gateway)
    {
        var name = function;
        var dot = function.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            if (function[(dot + 1)..] != OpenFaasJson.Namespace)
            {
                return ApiErrors.WriteAsync(context, 404, "not_found", $"namespace '{function[(dot + 1)..]}' does not exist; Faas has one namespace, '{OpenFaasJson.Namespace}'");
            }

            name = function[..dot];
        }

        if (Callers.Of(context) is { } caller && !caller.Allows(name))
        {
            return ApiErrors.WriteAsync(context, 403, "forbidden", $"this API key may not use function '{name}'");
        }

        return InvokeEndpoints.InvokeAsync(context, name, invoker, gateway);
    }
}
