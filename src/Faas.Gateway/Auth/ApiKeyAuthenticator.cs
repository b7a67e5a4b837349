using System.Security.Cryptography;

namespace Faas.Gateway.Auth;

/// <summary>
/// Finds the key a presented token belongs to. The token is hashed and compared with every
/// configured hash in constant time, without stopping at a match, so timing reveals nothing.
/// </summary>
internal sealed class ApiKeyAuthenticator(IReadOnlyList<ApiKey> keys)
{
    public ApiKey? Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        var presented = ApiKey.Hash(token);
        ApiKey? found = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, key.Sha256))
            {
                found ??= key;
            }
        }

        return found;
    }
}
