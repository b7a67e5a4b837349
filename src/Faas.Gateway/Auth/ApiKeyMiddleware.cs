using Faas.Gateway.Errors;

namespace Faas.Gateway.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> against the route's <see cref="RequiredScope"/>:
/// 401 without a valid key, 403 without the scope or for a function the key may not use. A route
/// without <see cref="RequiredScope"/> needs the admin scope.
/// The key itself is never logged; the caller is known by the key's name from then on.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public const string CallerItem = "faas.caller";

    private static readonly RequiredScope s_adminOnly = new(Scope.Admin);

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return next(context);
        }

        // Fail closed: a route that forgot to declare its scope is admin-only, not public.
        var required = endpoint.Metadata.GetMetadata<RequiredScope>() ?? s_adminOnly;
        if (required.Scope == Scope.None)
        {
            return next(context);
        }

        var key = authenticator.Authenticate(BearerToken(context.Request));
        if (key is null)
        {
            return ApiErrors.WriteAsync(context, 401, "a valid API key is required: send 'Authorization: Bearer <key>'");
        }

        if ((key.Scopes & required.Scope) == 0)
        {
            return ApiErrors.WriteAsync(context, 403, $"this API key lacks the '{required.Scope.ToString().ToLowerInvariant()}' scope");
        }

        if (context.Request.RouteValues.TryGetValue("name", out var name) && name is string function && !key.Allows(function))
        {
            return ApiErrors.WriteAsync(context, 403, $"this API key may not use function '{function}'");
        }

        context.Items[CallerItem] = key;
        return next(context);
    }

    public static ApiKey? Caller(HttpContext context) => context.Items.TryGetValue(CallerItem, out var key) ? key as ApiKey : null;

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : null;
    }
}
