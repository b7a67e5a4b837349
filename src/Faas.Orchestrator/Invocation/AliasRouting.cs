using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Invocation;

/// <summary>
/// Picks the version a call through a weighted alias reaches. The routes' weights (summing to 100) split the
/// buckets 0–99 in order; a call lands in a random bucket, or, with a routing key, in the bucket the key hashes to
/// (with the alias's name), so the same key reaches the same version for as long as the alias is unchanged — on
/// every node alike.
/// </summary>
internal static class AliasRouting
{
    public const int Buckets = 100;

    /// <summary>The version for <paramref name="bucket"/> (0–99).</summary>
    public static long Pick(IReadOnlyList<AliasRoute> routes, int bucket)
    {
        var upper = 0;
        foreach (var route in routes)
        {
            upper += route.Weight;
            if (bucket < upper)
            {
                return route.Version;
            }
        }

        // Weights are validated to sum to 100; should they not, the last route takes the rest.
        return routes[^1].Version;
    }

    /// <summary>The bucket of a routing key for <paramref name="alias"/>: stable across calls, restarts and nodes.</summary>
    public static int BucketOf(string alias, string routingKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(alias + "\n" + routingKey), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }

    /// <summary>The version a call reaches: by <paramref name="routingKey"/> when there is one, otherwise by <paramref name="random"/> (0–99).</summary>
    public static long Route(FunctionAlias alias, string? routingKey, Func<int> random) =>
        alias.Routes.Count == 1
            ? alias.Routes[0].Version
            : Pick(alias.Routes, string.IsNullOrEmpty(routingKey) ? random() : BucketOf(alias.Name, routingKey));
}
