using System.Security.Cryptography;
using System.Text;

namespace Faas.Gateway.Auth;

/// <summary>
/// Reads the key a request presents: <c>Authorization: Bearer &lt;key&gt;</c>, <c>X-API-Key: &lt;key&gt;</c>, or, for
/// OpenFaaS tooling (<c>faas-cli login</c>), HTTP Basic with user <c>admin</c> and an API key that has the admin
/// scope as the password. The result tells a request without credentials (nothing to count) from wrong ones.
/// </summary>
internal static class Credentials
{
    public const string BasicUser = "admin";

    public const string KeyHeader = "X-API-Key";

    private static readonly byte[] s_basicUser = Encoding.UTF8.GetBytes(BasicUser);

    /// <summary>The key presented, or null with <c>Failure</c> saying why credentials were refused (null when none were presented).</summary>
    /// <returns><c>Basic</c>: the key came as a Basic password, so it counts only when it holds the admin scope (and the user matched).</returns>
    public static (string? Token, PresentedAs As, string? Failure) Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            var apiKey = request.Headers[KeyHeader].ToString();
            return apiKey.Length == 0 ? (null, PresentedAs.Bearer, null) : (apiKey.Trim(), PresentedAs.Bearer, null);
        }

        const string bearer = "Bearer ";
        const string basic = "Basic ";
        if (header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return (header[bearer.Length..].Trim(), PresentedAs.Bearer, null);
        }

        if (!header.StartsWith(basic, StringComparison.OrdinalIgnoreCase))
        {
            return (null, PresentedAs.Bearer, "unsupported authorization scheme");
        }

        if (header.Length > 8192)
        {
            return (null, PresentedAs.Bearer, "basic credentials too long");
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header[basic.Length..].Trim());
        }
        catch (FormatException)
        {
            return (null, PresentedAs.Bearer, "malformed basic credentials");
        }

        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0)
        {
            return (null, PresentedAs.Bearer, "malformed basic credentials");
        }

        // Both parts are always checked (constant time for the key); the key must hold the admin scope.
        var userMatches = CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, colon), s_basicUser);
        var token = Encoding.UTF8.GetString(decoded, colon + 1, decoded.Length - colon - 1);
        CryptographicOperations.ZeroMemory(decoded);
        return (token, userMatches ? PresentedAs.BasicAdmin : PresentedAs.BasicOtherUser, null);
    }

    /// <summary>How a key came: Bearer / X-API-Key, or as a Basic password (with user <c>admin</c> or another user).</summary>
    internal enum PresentedAs
    {
        Bearer,
        BasicAdmin,
        BasicOtherUser,
    }
}
