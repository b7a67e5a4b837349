namespace Faas.Gateway.Auth;

/// <summary>
/// Who may make keys and users, and what: an admin of a namespace acts in its own namespace only (another namespace
/// is answered 404, as if it did not exist), a platform admin in any; nobody grants scopes or functions beyond their
/// own, so an admin cannot make a stronger credential than itself.
/// </summary>
internal static class AccessRules
{
    public static bool MayAdminister(ApiKey caller, string ns) =>
        (caller.Scopes & Scope.Admin) != 0 && (caller.IsPlatformAdmin || caller.Namespace == ns);

    /// <summary>Null when <paramref name="caller"/> may grant these; otherwise why not (403).</summary>
    public static string? Exceeds(ApiKey caller, Scope scopes, IReadOnlyCollection<string>? functions)
    {
        if ((scopes & ~caller.Scopes) != 0)
        {
            return $"you cannot grant scopes you do not hold yourself ({string.Join(", ", ScopeNames.Of(scopes & ~caller.Scopes))})";
        }

        if (caller.Functions is { } own && (functions is null || functions.Any(f => !own.Contains(f))))
        {
            return "you are limited to certain functions, so the new credential must be limited to some of them";
        }

        return null;
    }
}
