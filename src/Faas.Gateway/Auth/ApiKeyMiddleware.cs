using System.Globalization;
using Faas.Gateway.Errors;
using Faas.Gateway.RateLimiting;

namespace Faas.Gateway.Auth;

/// <summary>
/// Checks the caller's key (<see cref="Credentials"/>) against the route's <see cref="RequiredScope"/>: 401
/// without a valid key, 403 without the scope or for a function the key may not use. A route without
/// <see cref="RequiredScope"/> needs the admin scope. Before any key is checked, the client address's
/// failed-authentication budget is (<see cref="AuthFailureLimiter"/>): once used up, 429 with Retry-After.
/// The key itself is never logged; the caller is known by the key's name from then on.
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, AuthFailureLimiter failures, ILogger<ApiKeyMiddleware> logger)
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

        var address = context.Connection.RemoteIpAddress;
        if (failures.Blocked(address) is { } wait)
        {
            Log.Throttled(logger, address?.ToString() ?? "unknown");
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiErrors.WriteAsync(context, 429, "rate_limited",
                "too many failed authentication attempts from this address; retry after the time in Retry-After");
        }

        var (key, failure) = Credentials.Authenticate(context.Request, authenticator);
        if (key is null)
        {
            if (failure is not null)
            {
                failures.Failed(address);
                Log.AuthenticationFailed(logger, address?.ToString() ?? "unknown", failure);
            }

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

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Authentication failed from {Address}: {Reason}")]
        public static partial void AuthenticationFailed(ILogger logger, string address, string reason);

        [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Refused {Address} with 429: its failed-authentication budget is used up")]
        public static partial void Throttled(ILogger logger, string address);
    }
}
