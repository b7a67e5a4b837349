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

        if (NamedFunction(context) is { } function && !key.Allows(function))
        {
            return ApiErrors.WriteAsync(context, 403, $"this API key may not use function '{function}'");
        }

        if (key.Functions is not null && NamesFunctionsInBodyOrQuery(context.Request.Path))
        {
            return ApiErrors.WriteAsync(context, 403, "this API key is limited to certain functions and cannot use this route; use the per-function routes");
        }

        context.Items[CallerItem] = key;
        return next(context);
    }

    public static ApiKey? Caller(HttpContext context) => context.Items.TryGetValue(CallerItem, out var key) ? key as ApiKey : null;

    /// <summary>The function a route names: <c>{name}</c>, or OpenFaaS's <c>{function}</c> (<c>name.namespace</c>).</summary>
    private static string? NamedFunction(HttpContext context)
    {
        var values = context.Request.RouteValues;
        if (values.TryGetValue("name", out var name) && name is string plain)
        {
            return plain;
        }

        if (values.TryGetValue("function", out var qualified) && qualified is string withNamespace)
        {
            var dot = withNamespace.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? withNamespace : withNamespace[..dot];
        }

        return null;
    }

    /// <summary>OpenFaaS routes that name functions in the body or query, which a function-limited key may not use.</summary>
    private static bool NamesFunctionsInBodyOrQuery(PathString path) =>
        path.StartsWithSegments("/system/functions", StringComparison.Ordinal)
        || path.StartsWithSegments("/system/logs", StringComparison.Ordinal);

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
