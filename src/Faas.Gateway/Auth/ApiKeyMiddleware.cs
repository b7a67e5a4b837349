using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Errors;

namespace Faas.Gateway.Auth;

/// <summary>
/// Checks the caller's key against the route's <see cref="RequiredScope"/>: 401 without a valid key,
/// 403 without the scope or for a function the key may not use. Keys come as
/// <c>Authorization: Bearer &lt;key&gt;</c>, or, for OpenFaaS tooling (<c>faas-cli login</c>), as HTTP Basic
/// with user <c>admin</c> and an API key that has the admin scope as the password.
/// A route without <see cref="RequiredScope"/> needs the admin scope.
/// The key itself is never logged; the caller is known by the key's name from then on.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public const string CallerItem = "faas.caller";
    public const string BasicUser = "admin";

    private static readonly byte[] s_basicUser = Encoding.UTF8.GetBytes(BasicUser);

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

        var key = Authenticate(context.Request);
        if (key is null)
        {
            if (IsOpenFaasRoute(context.Request.Path))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"faas\"";
            }

            return ApiErrors.WriteAsync(context, 401, "a valid API key is required: send 'Authorization: Bearer <key>' (or Basic auth as user 'admin' with an admin key)");
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

    private static bool IsOpenFaasRoute(PathString path) =>
        path.StartsWithSegments("/system") || path.StartsWithSegments("/function");

    private ApiKey? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        const string basic = "Basic ";
        if (header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authenticator.Authenticate(header[bearer.Length..].Trim());
        }

        if (!header.StartsWith(basic, StringComparison.OrdinalIgnoreCase) || header.Length > 8192)
        {
            return null;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header[basic.Length..].Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0)
        {
            return null;
        }

        // Both parts are always checked (constant time for the key); the key must hold the admin scope.
        var userMatches = CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, colon), s_basicUser);
        var key = authenticator.Authenticate(Encoding.UTF8.GetString(decoded, colon + 1, decoded.Length - colon - 1));
        CryptographicOperations.ZeroMemory(decoded);
        return userMatches && key is not null && (key.Scopes & Scope.Admin) != 0 ? key : null;
    }
}
