using Faas.Gateway.Auth;

namespace Faas.Gateway.Tests.Auth;

/// <summary>
/// Every route of the gateway with the scope it needs. <see cref="RouteTableTests"/> fails when the app
/// has a route missing here (add a row when you add a route), and the end-to-end
/// <c>RouteAuthTests</c> walks every row with every kind of key.
/// </summary>
internal static class RouteTable
{
    public const string AnyMethod = "*";

    public static readonly IReadOnlyList<Route> All =
    [
        new("GET", "/health", Scope.None),
        new("GET", "/metrics", Scope.None),
        new("GET", "/stats", Scope.Manage),
        new("GET", "/stats/functions/{name}", Scope.Manage),
        new("GET", "/instances", Scope.Admin),
        new("DELETE", "/instances/{runtime_id}", Scope.Admin),
        new("GET", "/cluster/nodes", Scope.Admin),
        new("GET", "/functions", Scope.Manage),
        new("POST", "/functions", Scope.Manage),
        new("GET", "/functions/{name}", Scope.Manage),
        new("GET", "/functions/{name}/logs", Scope.Manage),
        new("PUT", "/functions/{name}", Scope.Manage),
        new(AnyMethod, "/invoke/{name}", Scope.Invoke),
        new(AnyMethod, "/invoke/{name}/{**path}", Scope.Invoke),
        new("DELETE", "/functions/{name}", Scope.Manage),
        new(AnyMethod, "/invoke/{name}@{qualifier}", Scope.Invoke),
        new(AnyMethod, "/invoke/{name}@{qualifier}/{**path}", Scope.Invoke),
        new("GET", "/functions/{name}/versions", Scope.Manage),
        new("GET", "/functions/{name}/versions/{version}", Scope.Manage),
        new("POST", "/functions/{name}/rollback", Scope.Manage),
        new("GET", "/functions/{name}/aliases", Scope.Manage),
        new("PUT", "/functions/{name}/aliases/{alias}", Scope.Manage),
        new("DELETE", "/functions/{name}/aliases/{alias}", Scope.Manage),
        new("GET", "/functions/{name}/schedules", Scope.Manage),
        new("POST", "/functions/{name}/schedules", Scope.Manage),
        new("DELETE", "/functions/{name}/schedules/{schedule}", Scope.Manage),
        new("GET", "/functions/{name}/executions", Scope.Manage),
        new("GET", "/executions/{id}", Scope.Invoke),
        new("POST", "/async-function/{function}", Scope.Invoke),
        new("POST", "/async-function/{function}/{**path}", Scope.Invoke),
        new("GET", "/functions/{name}/objects", Scope.Invoke | Scope.Manage),
        new("GET", "/functions/{name}/objects/{object}", Scope.Invoke | Scope.Manage),
        new("PUT", "/functions/{name}/objects/{object}", Scope.Manage),
        new("DELETE", "/functions/{name}/objects/{object}", Scope.Manage),
        new("GET", "/secrets", Scope.Admin),
        new("POST", "/secrets", Scope.Admin),
        new("PUT", "/secrets/{secret}", Scope.Admin),
        new("DELETE", "/secrets/{secret}", Scope.Admin),
        new("GET", "/healthz", Scope.None),
        new("GET", "/system/info", Scope.Manage),
        new("GET", "/system/namespaces", Scope.Manage),
        new("GET", "/system/functions", Scope.Manage),
        new("POST", "/system/functions", Scope.Manage),
        new("PUT", "/system/functions", Scope.Manage),
        new("DELETE", "/system/functions", Scope.Manage),
        new("GET", "/system/function/{function}", Scope.Manage),
        new("POST", "/system/scale-function/{name}", Scope.Manage),
        new("GET", "/system/logs", Scope.Manage),
        new("GET", "/system/secrets", Scope.Admin),
        new("POST", "/system/secrets", Scope.Admin),
        new("PUT", "/system/secrets", Scope.Admin),
        new("DELETE", "/system/secrets", Scope.Admin),
        new(AnyMethod, "/function/{function}", Scope.Invoke),
        new(AnyMethod, "/function/{function}/{**path}", Scope.Invoke),
        new("GET", "/namespaces", Scope.Admin),
        new("POST", "/namespaces", Scope.Admin),
        new("GET", "/namespaces/{ns}", Scope.Admin),
        new("DELETE", "/namespaces/{ns}", Scope.Admin),
        new("PUT", "/namespaces/{ns}/quota", Scope.Admin),
        new("POST", "/namespaces/{ns}/keys", Scope.Admin),
        new("GET", "/namespaces/{ns}/keys", Scope.Admin),
        new("DELETE", "/namespaces/{ns}/keys/{key}", Scope.Admin),
        new("POST", "/users", Scope.Admin),
        new("GET", "/users", Scope.Admin),
        new("PUT", "/users/{username}", Scope.Admin),
        new("DELETE", "/users/{username}", Scope.Admin),
        new("POST", "/auth/login", Scope.None),
    ];

    /// <param name="Method">An HTTP method, or <see cref="AnyMethod"/>.</param>
    internal sealed record Route(string Method, string Pattern, Scope Scope)
    {
        public bool HasFunctionName => Pattern.Contains("{name}", StringComparison.Ordinal) || Pattern.Contains("{function}", StringComparison.Ordinal);

        /// <summary>OpenFaaS routes naming functions in the body or query: closed to function-limited keys.</summary>
        public bool NamesFunctionsInBody => Pattern is "/system/functions" or "/system/logs";

        public override string ToString() => $"{Method} {Pattern}";
    }
}
