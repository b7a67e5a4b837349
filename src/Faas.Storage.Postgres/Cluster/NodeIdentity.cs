using System.Security.Cryptography;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// This process as the cluster knows it: the node's name and a random incarnation, so the leases a node held before a
/// restart are never mistaken for its own (they expire and are taken over like any lost node's).
/// </summary>
internal sealed record NodeIdentity(string Name, string Incarnation, TimeSpan LeaseTimeout)
{
    public static NodeIdentity Create(string name, TimeSpan leaseTimeout) => new(name, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), leaseTimeout);

    /// <summary>What lease columns hold: <c>name/incarnation</c>.</summary>
    public string Owner => $"{Name}/{Incarnation}";
}
