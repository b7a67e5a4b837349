using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var name = ScopePolicies.ScopeName(requirement.Scope);
        if (context.User.HasClaim(ApiKeyDefaults.ScopeClaim, name))
        {
            context.Succeed(requirement);
        }
        else if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Fail(new AuthorizationFailureReason(this, $"this API key lacks the '{name}' scope"));
        }

        return Task.CompletedTask;
    }
}
