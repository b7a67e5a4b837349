using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var name = ScopePolicies.ScopeName(requirement.Scope);
        // A requirement of several scopes (flags) is met by any one of them.
        if (Enum.GetValues<Scope>().Any(s => s != Scope.None && requirement.Scope.HasFlag(s)
            && context.User.HasClaim(ApiKeyDefaults.ScopeClaim, ScopePolicies.ScopeName(s))))
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
