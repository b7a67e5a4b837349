using System.Security.Cryptography;
using System.Text;

namespace Faas.Gateway.Auth;

/// <summary>
/// A configured API key. Only its SHA-256 is kept in memory; <see cref="Name"/> identifies it in
/// logs and rate-limit partitions without revealing it.
/// </summary>
/// <param name="Functions">Functions this key may use; null means all.</param>
internal sealed record ApiKey(string Name, byte[] Sha256, Scope Scopes, IReadOnlySet<string>? Functions)
{
    /// <summary>The key's length when it was configured as plain text (<c>key:</c>); null for <c>key_sha256:</c>.</summary>
    public int? PlainLength { get; init; }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public bool Allows(string function) => Functions is null || Functions.Contains(function);
}
