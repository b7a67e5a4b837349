using System.Security.Claims;
using Faas.Gateway.Auth;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Ui.Auth;

/// <summary>
/// The API key a dashboard session signed in with, as its cookie ticket carries it: the key's name, scopes and
/// function limit (never the key). Every dashboard action asks it first, as the REST routes ask their policies.
/// </summary>
internal sealed record DashboardCaller(string Name, Scope Scopes, IReadOnlySet<string>? Functions)
{
    /// <summary>
    /// The namespace the session works in: its key's (<see cref="CallerNamespace"/>); a platform admin's dashboard shows
    /// <c>default</c>, and a principal of no usable namespace gets one that holds nothing.
    /// </summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    public bool CanInvoke => Has(Scope.Invoke);

    /// <summary>A function of the session's namespace.</summary>
    public FunctionKey Function(string name) => new(Namespace, name);

    public bool CanManage => Has(Scope.Manage);

    public bool IsAdmin => Has(Scope.Admin);

    public bool Has(Scope scope) => (Scopes & scope) == scope;

    /// <summary>Whether the key may use <paramref name="function"/> at all (its function limit).</summary>
    public bool Allows(string function) => Functions is null || Functions.Contains(function);

    /// <summary>The caller as deploy validation sees it: secrets' grants name keys, admins may use any.</summary>
    public DeployCaller Deployer => new(Name, IsAdmin);

    /// <summary>The claims of a signed-in session (the same the API-key scheme issues), or null for anyone else.</summary>
    public static DashboardCaller? From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: DashboardAuth.Scheme } identity || identity.Name is not { Length: > 0 } name)
        {
            return null;
        }

        var scopes = Scope.None;
        foreach (var scope in new[] { Scope.Invoke, Scope.Manage, Scope.Admin })
        {
            if (user.HasClaim(ApiKeyDefaults.ScopeClaim, ScopePolicies.ScopeName(scope)))
            {
                scopes |= scope;
            }
        }

        var functions = user.HasClaim(ApiKeyDefaults.LimitedClaim, "true")
            ? user.FindAll(ApiKeyDefaults.FunctionClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal)
            : null;
        return new DashboardCaller(name, scopes, functions) { Namespace = CallerNamespace.Resolve(user, null) ?? CallerNamespace.AllNamespaces };
    }

    /// <summary>
    /// The session's principal for a key or a signed-in user (<paramref name="stamp"/>: the user's security stamp): its
    /// name, namespace, scopes and function limit as claims of the cookie scheme.
    /// </summary>
    public static ClaimsPrincipal Principal(ApiKey key, string? stamp = null)
    {
        var claims = ApiKeyAuthenticationHandler.Principal(key).Claims.ToList();
        if (stamp is not null)
        {
            claims.Add(new Claim(ApiKeyDefaults.StampClaim, stamp));
        }

        return new(new ClaimsIdentity(claims, DashboardAuth.Scheme));
    }
}
