using System.Security.Cryptography;
using System.Text;

namespace Faas.Gateway.Auth;

/// <summary>
/// Reads the key a request presents: <c>Authorization: Bearer &lt;key&gt;</c>, or, for OpenFaaS tooling
/// (<c>faas-cli login</c>), HTTP Basic with user <c>admin</c> and an API key that has the admin scope as the
/// password. The result tells a request without credentials (nothing to count) from wrong ones.
/// </summary>
internal static class Credentials
{
    public const string BasicUser = "admin";

    private static readonly byte[] s_basicUser = Encoding.UTF8.GetBytes(BasicUser);

    /// <summary>The key, or null with <c>Failure</c> saying why presented credentials were refused (null when none were presented).</summary>
    public static (ApiKey? Key, string? Failure) Authenticate(HttpRequest request, ApiKeyAuthenticator authenticator)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return (null, null);
        }

        const string bearer = "Bearer ";
        const string basic = "Basic ";
        if (header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authenticator.Authenticate(header[bearer.Length..].Trim()) is { } key ? (key, null) : (null, "unknown bearer key");
        }

        if (!header.StartsWith(basic, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "unsupported authorization scheme");
        }

        if (header.Length > 8192)
        {
            return (null, "basic credentials too long");
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header[basic.Length..].Trim());
        }
        catch (FormatException)
        {
            return (null, "malformed basic credentials");
        }

        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0)
        {
            return (null, "malformed basic credentials");
        }

        // Both parts are always checked (constant time for the key); the key must hold the admin scope.
        var userMatches = CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, colon), s_basicUser);
        var found = authenticator.Authenticate(Encoding.UTF8.GetString(decoded, colon + 1, decoded.Length - colon - 1));
        CryptographicOperations.ZeroMemory(decoded);
        return userMatches && found is not null && (found.Scopes & Scope.Admin) != 0
            ? (found, null)
            : (null, "basic credentials refused (user admin with an admin key expected)");
    }
}
