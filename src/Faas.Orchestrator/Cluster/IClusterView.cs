namespace Faas.Orchestrator.Cluster;

/// <summary>
/// What this node knows of the cluster it belongs to. The default (<see cref="SingleNodeView"/>) is one node, ready,
/// alone; a clustered registry replaces it (<see cref="ClusterBuilderExtensions.AddCluster"/>).
/// </summary>
public interface IClusterView
{
    string NodeName { get; }

    bool IsClustered { get; }

    /// <summary>True once this node is stopping: <c>/health</c> answers 503 so the load balancer stops sending to it.</summary>
    bool IsDraining { get; }

    /// <summary>Nodes ready to take calls, at least 1: each enforces its share (1/n) of an API key's rate limit.</summary>
    int ReadyNodes { get; }

    /// <summary>The latest reports of the other live nodes: their instances and stats.</summary>
    IReadOnlyList<NodeReport> Peers { get; }

    /// <summary>Every known node with its state, read now.</summary>
    Task<IReadOnlyList<ClusterNode>> NodesAsync(CancellationToken cancellationToken = default);
}
