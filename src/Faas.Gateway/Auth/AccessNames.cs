using System.Text.RegularExpressions;

namespace Faas.Gateway.Auth;

/// <summary>
/// The names of the access layer, checked once where they come in: namespaces (DNS labels, as OpenFaaS/Kubernetes
/// namespaces), key names and usernames (letters, digits, '.', '_', '-'; never ':' so they cannot pose as a user
/// caller, <see cref="Callers.UserPrefix"/>). Usernames are lower case, so two cannot look alike.
/// </summary>
internal static partial class AccessNames
{
    public static bool IsNamespace(string? name) => name is not null && NamespacePattern().IsMatch(name);

    public static bool IsKeyName(string? name) => name is not null && KeyNamePattern().IsMatch(name);

    public static bool IsUsername(string? name) => name is not null && UsernamePattern().IsMatch(name);

    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyNamePattern();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
