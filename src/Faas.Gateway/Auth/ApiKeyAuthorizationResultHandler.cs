using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Faas.Gateway.Auth;

/// <summary>
/// Turns the authorization outcome into the gateway's answers: a challenge is 429 (failure budget used up) or
/// 401; a refusal is 403 saying why — the missing scope first, then the function limit.
/// </summary>
internal sealed class ApiKeyAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            return ApiKeyResponses.ChallengeAsync(context);
        }

        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons ?? [];
            var reason = reasons.FirstOrDefault(r => r.Handler is ScopeAuthorizationHandler) ?? reasons.FirstOrDefault();
            return ApiKeyResponses.ForbidAsync(context, reason?.Message);
        }

        return next(context);
    }
}
