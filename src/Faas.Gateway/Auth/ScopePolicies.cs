using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

/// <summary>
/// One authorization policy per scope: a key or a signed-in user (<see cref="ApiKeyDefaults.PolicyScheme"/>) holding the
/// scope, within its function limit. <see cref="Read"/> (invoke or manage: reading a function's objects) is met by either.
/// </summary>
internal static class ScopePolicies
{
    public static string Name(Scope scope) => "scope:" + ScopeName(scope);

    /// <summary>Reading what a function keeps (its objects): a key that may invoke it, or manage it.</summary>
    public const Scope Read = Scope.Invoke | Scope.Manage;

    public static string ScopeName(Scope scope) => scope.ToString().ToLowerInvariant().Replace(", ", " or ", StringComparison.Ordinal);

    public static void Add(AuthorizationOptions options)
    {
        foreach (var scope in new[] { Scope.Invoke, Scope.Manage, Scope.Admin, Read })
        {
            options.AddPolicy(Name(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.PolicyScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope), FunctionLimitRequirement.Instance));
        }
    }
}
