using System.Security.Cryptography;
using System.Text;

namespace Faas.Gateway.Auth;

/// <summary>
/// A caller's credential as the gateway sees it: a configured key, a key created over REST, or a signed-in user
/// (<see cref="Callers"/>). For keys only the SHA-256 is kept in memory; <see cref="Name"/> identifies the caller
/// in logs, secret grants and rate-limit partitions without revealing it.
/// </summary>
/// <param name="Functions">Functions this key may use; null means all.</param>
internal sealed record ApiKey(string Name, byte[] Sha256, Scope Scopes, IReadOnlySet<string>? Functions)
{
    /// <summary>The key's length when it was configured as plain text (<c>key:</c>); null for <c>key_sha256:</c>.</summary>
    public int? PlainLength { get; init; }

    /// <summary>The namespace the caller belongs to (<c>namespace:</c>); <see cref="ApiKeyDefaults.AllNamespaces"/> for a platform admin.</summary>
    public string Namespace { get; init; } = ApiKeyDefaults.DefaultNamespace;

    /// <summary>An admin of every namespace: <c>namespace: "*"</c> with the admin scope.</summary>
    public bool IsPlatformAdmin => Namespace == ApiKeyDefaults.AllNamespaces && (Scopes & Scope.Admin) != 0;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public bool Allows(string function) => Functions is null || Functions.Contains(function);
}
