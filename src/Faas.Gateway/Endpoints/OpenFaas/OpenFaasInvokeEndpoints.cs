using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>ANY /function/{name}[.openfaas-fn][/{*path}]</c>: the same invocation as <c>/invoke/{name}</c>, with the
/// headers the OpenFaaS gateway adds (<see cref="OpenFaasCallHeaders"/>). OpenFaaS leaves these routes open; Faas
/// keeps the invoke scope unless <c>openfaas.public_invoke: true</c>.
/// </summary>
internal static class OpenFaasInvokeEndpoints
{
    public static void MapOpenFaasInvokeEndpoints(this IEndpointRouteBuilder app, bool publicInvoke)
    {
        var scope = publicInvoke ? Scope.None : Scope.Invoke;
        app.Map("/function/{function}", InvokeAsync).RequireScope(scope);
        app.Map("/function/{function}/{**path}", InvokeAsync).RequireScope(scope);
    }

    private static Task InvokeAsync(HttpContext context, string function, IFunctionInvoker invoker, IOptions<GatewayOptions> gateway, TimeProvider time)
    {
        OpenFaasCallHeaders.Apply(context, time);
        return TryResolve(context, function, out var name, out var refusal)
            ? InvokeEndpoints.InvokeAsync(context, name, invoker, gateway)
            : refusal;
    }

    /// <summary>
    /// The function named by <c>{function}</c> (<c>name</c> or <c>name.namespace</c>) if the caller may call it, its
    /// namespace made the request's; otherwise false, with <paramref name="refusal"/> writing the answer: 404 for a
    /// namespace the caller may not reach (no function there, as far as it can tell), 403 for a function the key is not limited to.
    /// </summary>
    internal static bool TryResolve(HttpContext context, string function, out string name, out Task refusal)
    {
        (name, var named) = OpenFaasNamespace.Split(function);
        refusal = Task.CompletedTask;
        if (OpenFaasNamespace.Resolve(context, named) is not { } ns)
        {
            refusal = ApiErrors.WriteAsync(context, 404, "not_found", $"function '{Printable.Of(name)}' does not exist in namespace '{Printable.Of(named)}'");
            return false;
        }

        Namespaces.CallerNamespace.Set(context, ns);

        if (Callers.Of(context) is { } caller && !caller.Allows(name))
        {
            refusal = ApiErrors.WriteAsync(context, 403, "forbidden", $"this API key may not use function '{name}'");
            return false;
        }

        return true;
    }
}
