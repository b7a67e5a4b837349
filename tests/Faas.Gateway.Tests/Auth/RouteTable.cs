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
        new("GET", "/functions", Scope.Manage),
        new("POST", "/functions", Scope.Manage),
        new("GET", "/functions/{name}", Scope.Manage),
        new("GET", "/functions/{name}/logs", Scope.Manage),
        new("PUT", "/functions/{name}", Scope.Manage),
        new(AnyMethod, "/invoke/{name}", Scope.Invoke),
        new(AnyMethod, "/invoke/{name}/{**path}", Scope.Invoke),
        new("DELETE", "/functions/{name}", Scope.Manage),
    ];

    /// <param name="Method">An HTTP method, or <see cref="AnyMethod"/>.</param>
    internal sealed record Route(string Method, string Pattern, Scope Scope)
    {
        public bool HasFunctionName => Pattern.Contains("{name}", StringComparison.Ordinal);

        public override string ToString() => $"{Method} {Pattern}";
    }
}
