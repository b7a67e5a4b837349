using System.Security.Cryptography;
using Faas.Storage.Postgres.Database;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// The cluster credential: HKDF-SHA256 of the shared secrets key with info <c>faas-cluster-v1</c>, never a user's API
/// key. Nodes do not call each other (all shared state is in PostgreSQL); the credential proves at start that a node
/// holds the cluster's secrets key: the first node stores an HMAC of a fixed label under it, and a node whose key gives
/// another value refuses to start, rather than failing to decrypt secrets later.
/// </summary>
internal static class ClusterKey
{
    private static readonly byte[] s_info = "faas-cluster-v1"u8.ToArray();
    private static readonly byte[] s_checkLabel = "faas-cluster-key-check"u8.ToArray();

    public static byte[] Derive(byte[] secretsKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, secretsKey, 32, salt: [], info: s_info);

    /// <summary>What the database keeps to compare keys: an HMAC under the credential (it reveals neither).</summary>
    public static string Verifier(byte[] secretsKey) => Convert.ToHexStringLower(HMACSHA256.HashData(Derive(secretsKey), s_checkLabel));

    /// <summary>Records the verifier when the cluster has none; throws when this node's key is not the cluster's.</summary>
    public static Task CheckAsync(PostgresDatabase database, byte[] secretsKey, CancellationToken cancellationToken) =>
        database.RunAsync(async c =>
        {
            var mine = Verifier(secretsKey);
            await c.ExecuteAsync("INSERT INTO cluster_meta (key, value) VALUES ('secrets_key_check', @value) ON CONFLICT (key) DO NOTHING",
                null, cancellationToken, ("value", mine)).ConfigureAwait(false);
            var stored = (string?)await c.ScalarAsync("SELECT value FROM cluster_meta WHERE key = 'secrets_key_check'", null, cancellationToken)
                .ConfigureAwait(false);
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(stored ?? ""), System.Text.Encoding.ASCII.GetBytes(mine)))
            {
                throw new InvalidOperationException(
                    "this node's secrets key is not the cluster's: every node must share one key (set the same FAAS_SECRETS_KEY, or copy " +
                    "system.secrets_key_file from a running node); refusing to start rather than fail to decrypt secrets later");
            }

            return true;
        }, cancellationToken);
}
