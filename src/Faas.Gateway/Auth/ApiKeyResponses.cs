using System.Globalization;
using Faas.Gateway.Errors;

namespace Faas.Gateway.Auth;

/// <summary>The answers of refused requests, as JSON errors: 429 for a used-up failure budget, 401 without a valid key, 403 without the right.</summary>
internal static class ApiKeyResponses
{
    public static Task ChallengeAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ApiKeyAuthenticationHandler.BlockedItem, out var blocked) && blocked is TimeSpan wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiErrors.WriteAsync(context, 429, "rate_limited",
                "too many failed authentication attempts from this address; retry after the time in Retry-After");
        }

        if (IsOpenFaasRoute(context.Request.Path))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"faas\"";
        }

        return ApiErrors.WriteAsync(context, 401,
            "a valid API key or sign-in token is required: send 'Authorization: Bearer <key or token>' (or X-API-Key, or Basic auth as user 'admin' with an admin key)");
    }

    public static Task ForbidAsync(HttpContext context, string? reason) =>
        ApiErrors.WriteAsync(context, 403, reason ?? "this API key may not use this route");

    private static bool IsOpenFaasRoute(PathString path) =>
        path.StartsWithSegments("/system") || path.StartsWithSegments("/function");
}
