using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Faas.Gateway.Ui.Auth;

/// <summary>
/// Lets the dashboard's policy answer the browser way (the cookie scheme redirects to the sign-in page) while every
/// API policy keeps the gateway's JSON answers (<paramref name="api"/>, the handler the API-key setup registered).
/// </summary>
internal sealed class DashboardAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler api) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _browser = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        policy.AuthenticationSchemes.Contains(DashboardAuth.Scheme)
            ? _browser.HandleAsync(next, context, policy, authorizeResult)
            : api.HandleAsync(next, context, policy, authorizeResult);
}
