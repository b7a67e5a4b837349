using System.Net;
using System.Security.Cryptography;

namespace Faas.Gateway.Auth;

/// <summary>
/// Keys anyone may know or guess: the sample keys of Faas's own configs and docs (<c>demo-key</c>,
/// <c>admin-key</c>, matched by hash, so also as <c>key_sha256</c>) and any plain key shorter than
/// <see cref="MinimumExposedLength"/> characters. They are fine on loopback (the sample config and the tests
/// use them there); the gateway refuses to listen on any other address while one is configured.
/// </summary>
internal static class WellKnownKeys
{
    public const int MinimumExposedLength = 16;

    private static readonly byte[][] s_sampleHashes = [ApiKey.Hash("demo-key"), ApiKey.Hash("admin-key")];

    public static bool IsWellKnown(ApiKey key)
    {
        var sample = false;
        foreach (var hash in s_sampleHashes)
        {
            sample |= CryptographicOperations.FixedTimeEquals(hash, key.Sha256);
        }

        return sample || key.PlainLength < MinimumExposedLength;
    }

    /// <summary>
    /// True when <paramref name="host"/> binds to loopback only: <c>localhost</c>, 127.0.0.0/8 or ::1.
    /// Anything else (0.0.0.0, ::, another address, a name) counts as reachable from the network.
    /// </summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Null when <paramref name="keys"/> may be served on <paramref name="host"/>; otherwise why not and what to do.</summary>
    public static string? ExposureProblem(string host, IReadOnlyList<ApiKey> keys)
    {
        if (IsLoopback(host))
        {
            return null;
        }

        var weak = keys.Where(IsWellKnown).Select(k => k.Name).ToList();
        return weak.Count == 0
            ? null
            : $"refusing to listen on {host}: the API key(s) {string.Join(", ", weak)} in auth.api_keys are well-known (demo-key, admin-key) "
              + $"or shorter than {MinimumExposedLength} characters, and anyone who can reach the port could use them. Set long random keys "
              + "(for example from 'openssl rand -base64 32', or their SHA-256 as key_sha256), or leave auth.api_keys out to have keys "
              + "generated at the first start (shown with --show-keys), or bind to 127.0.0.1";
    }
}
