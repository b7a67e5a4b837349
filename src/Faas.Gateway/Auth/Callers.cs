using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Auth;

/// <summary>
/// The credential a request authenticated with, for endpoints that need more than its claims (its name, its
/// function limit, its namespace). A signed-in user appears as an <see cref="ApiKey"/> named <c>user:NAME</c>.
/// </summary>
internal static class Callers
{
    public const string Item = "faas.caller";

    /// <summary>The name prefix of signed-in users (key names cannot hold ':').</summary>
    public const string UserPrefix = "user:";

    public static ApiKey? Of(HttpContext context) => context.Items.TryGetValue(Item, out var key) ? key as ApiKey : null;

    /// <summary>A signed-in user as a caller: its current namespace and scopes, no function limit.</summary>
    public static ApiKey ForUser(StoredUser user) =>
        new(UserPrefix + user.Username, [], ScopeNames.Parse(user.Scopes) ?? Scope.None, null) { Namespace = user.Namespace };
}
