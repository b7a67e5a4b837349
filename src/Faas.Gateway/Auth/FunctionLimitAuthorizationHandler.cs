using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

/// <summary>Reads the function a route names (<c>{name}</c>, or OpenFaaS's <c>{function}</c> as <c>name.namespace</c>) and checks it against the key's limit.</summary>
internal sealed class FunctionLimitAuthorizationHandler : AuthorizationHandler<FunctionLimitRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FunctionLimitRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        if (!context.User.HasClaim(ApiKeyDefaults.LimitedClaim, "true"))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var http = context.Resource as HttpContext;
        if (http is not null && NamedFunction(http) is { } function && !context.User.HasClaim(ApiKeyDefaults.FunctionClaim, function))
        {
            context.Fail(new AuthorizationFailureReason(this, $"this API key may not use function '{function}'"));
        }
        else if (http is null || NamesFunctionsInBodyOrQuery(http.Request.Path))
        {
            context.Fail(new AuthorizationFailureReason(this,
                "this API key is limited to certain functions and cannot use this route; use the per-function routes"));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

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
}
