namespace Faas.Gateway.Auth;

/// <summary>
/// Chooses the scheme of a request: a sign-in token (<c>Authorization: Bearer</c> with a JWT: three base64url parts,
/// the first a JSON header, so it starts <c>eyJ</c>) goes to the JWT scheme, everything else (keys as Bearer,
/// <c>X-API-Key</c> or Basic) to the API-key scheme. Keys Faas makes never contain '.'.
/// </summary>
internal static class SchemeSelector
{
    public static string Select(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && LooksLikeJwt(header.AsSpan(bearer.Length).Trim())
            ? ApiKeyDefaults.JwtScheme
            : ApiKeyDefaults.Scheme;
    }

    internal static bool LooksLikeJwt(ReadOnlySpan<char> token) => token.StartsWith("eyJ", StringComparison.Ordinal) && token.Count('.') == 2;
}
