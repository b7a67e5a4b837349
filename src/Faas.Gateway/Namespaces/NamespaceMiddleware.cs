using Faas.Gateway.Errors;
using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Namespaces;

/// <summary>
/// Resolves every request's namespace once, after authentication and authorization (so 401 and 403 come first):
/// <c>?namespace=</c> that the caller may not reach, or that does not exist, is a 404 for whatever the route names.
/// </summary>
internal sealed class NamespaceMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, INamespaceService namespaces)
    {
        var requested = context.Request.Query[CallerNamespace.QueryParameter].ToString();
        var resolved = CallerNamespace.Resolve(context.User, requested);
        if (resolved is null && requested.Length == 0)
        {
            // A principal of no usable namespace ("*" without the admin scope): nothing of any namespace is its.
            await ApiErrors.WriteAsync(context, 404, "not_found", "not found");
            return;
        }

        if (resolved is null || requested.Length > 0 && CallerNamespace.IsPlatformAdmin(context.User)
            && await namespaces.GetAsync(resolved, context.RequestAborted) is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"namespace '{Orchestrator.Validation.Printable.Of(requested)}' does not exist");
            return;
        }

        CallerNamespace.Set(context, resolved);
        await next(context);
    }
}
