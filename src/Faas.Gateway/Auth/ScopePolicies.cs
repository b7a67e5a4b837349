using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

/// <summary>One authorization policy per scope: a key or a signed-in user (<see cref="ApiKeyDefaults.PolicyScheme"/>) holding the scope, within its function limit.</summary>
internal static class ScopePolicies
{
    public static string Name(Scope scope) => "scope:" + ScopeName(scope);

    public static string ScopeName(Scope scope) => scope.ToString().ToLowerInvariant();

    public static void Add(AuthorizationOptions options)
    {
        foreach (var scope in new[] { Scope.Invoke, Scope.Manage, Scope.Admin })
        {
            options.AddPolicy(Name(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.PolicyScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope), FunctionLimitRequirement.Instance));
        }
    }
}
