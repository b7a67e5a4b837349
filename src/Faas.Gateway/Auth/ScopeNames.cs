namespace Faas.Gateway.Auth;

/// <summary>Scopes as the names stores, JSON bodies and tokens carry (<c>invoke</c>, <c>manage</c>, <c>admin</c>).</summary>
internal static class ScopeNames
{
    private static readonly Scope[] s_all = [Scope.Invoke, Scope.Manage, Scope.Admin];

    public static IReadOnlyList<string> Of(Scope scopes) => [.. s_all.Where(s => (scopes & s) != 0).Select(ScopePolicies.ScopeName)];

    /// <summary>The scopes named; null when a name is not a scope.</summary>
    public static Scope? Parse(IEnumerable<string> names)
    {
        var scopes = Scope.None;
        foreach (var name in names)
        {
            var scope = s_all.FirstOrDefault(s => ScopePolicies.ScopeName(s) == name);
            if (scope == Scope.None)
            {
                return null;
            }

            scopes |= scope;
        }

        return scopes;
    }
}
