using System.Security.Claims;
using Faas.Gateway.Auth;
using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Namespaces;

/// <summary>
/// The namespace a request works in. A caller's principal names its own namespace in the <see cref="ClaimType"/>
/// claim (absent: <c>default</c>, so a platform without namespaces works as before); <see cref="AllNamespaces"/> with
/// the admin scope is a platform admin. Everyone works in their own namespace; only a platform admin reaches another
/// with <c>?namespace=NS</c> (without it: <c>default</c>). Anyone else naming a namespace other than their own is
/// answered 404 — the same answer as for a namespace that does not exist — so other namespaces' existence is not revealed.
/// OpenFaaS's <c>openfaas-fn</c> is <c>default</c>.
/// </summary>
internal static class CallerNamespace
{
    /// <summary>The claim naming the caller's namespace (a namespace name, or <see cref="AllNamespaces"/>).</summary>
    public const string ClaimType = "faas:namespace";

    /// <summary>The claim value that, with the admin scope, makes a platform admin.</summary>
    public const string AllNamespaces = "*";

    public const string QueryParameter = "namespace";

    private const string Item = "faas.namespace";

    /// <summary>The namespace the caller's principal names: its claim, or <c>default</c> without one.</summary>
    public static string HomeOf(ClaimsPrincipal user) =>
        user.FindFirst(ClaimType)?.Value is { Length: > 0 } claimed ? claimed : NamespaceName.Default;

    /// <summary>A platform admin: namespace <see cref="AllNamespaces"/> and the admin scope.</summary>
    public static bool IsPlatformAdmin(ClaimsPrincipal user) =>
        HomeOf(user) == AllNamespaces && user.HasClaim(ApiKeyDefaults.ScopeClaim, ScopePolicies.ScopeName(Scope.Admin));

    /// <summary>
    /// The namespace <paramref name="user"/> works in when it asks for <paramref name="requested"/> (null or empty: its
    /// own; <c>openfaas-fn</c> is <c>default</c>); null when it may not reach it — answer 404, as for a missing resource.
    /// </summary>
    public static string? Resolve(ClaimsPrincipal user, string? requested)
    {
        var home = HomeOf(user);
        var admin = IsPlatformAdmin(user);
        if (string.IsNullOrEmpty(requested))
        {
            return admin ? NamespaceName.Default : home == AllNamespaces ? null : home;
        }

        var wanted = NamespaceName.FromOpenFaas(requested);
        return admin ? (NamespaceName.IsValid(wanted) || wanted == NamespaceName.Default ? wanted : null)
            : wanted == home ? wanted
            : null;
    }

    /// <summary>The request's effective namespace, as <see cref="NamespaceMiddleware"/> resolved it (its own one when it did not run).</summary>
    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(Item, out var value) && value is string resolved ? resolved
        : Resolve(context.User, null) ?? NamespaceName.Default;

    /// <summary>A function of the request's namespace.</summary>
    public static FunctionKey Function(HttpContext context, string name) => new(Of(context), name);

    /// <summary>Whether the caller may see every namespace (<c>/system/namespaces</c>, <c>GET /namespaces</c> list all).</summary>
    public static bool SeesAll(HttpContext context) => IsPlatformAdmin(context.User);

    internal static void Set(HttpContext context, string @namespace) => context.Items[Item] = @namespace;
}
