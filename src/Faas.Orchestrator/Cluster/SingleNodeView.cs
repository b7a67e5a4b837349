using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Cluster;

/// <summary>The default: this node alone, always ready, never draining (a single node stops as it always did).</summary>
internal sealed class SingleNodeView(IOptions<ClusterOptions> options, INodeReporter reporter, TimeProvider time) : IClusterView
{
    public string NodeName => options.Value.NodeName;

    public bool IsClustered => false;

    public bool IsDraining => false;

    public int ReadyNodes => 1;

    public IReadOnlyList<NodeReport> Peers => [];

    public Task<IReadOnlyList<ClusterNode>> NodesAsync(CancellationToken cancellationToken = default)
    {
        var report = reporter.Report(NodeName);
        return Task.FromResult<IReadOnlyList<ClusterNode>>(
            [new ClusterNode(NodeName, options.Value.AdvertiseUrl, "ready", time.GetUtcNow(), report.Instances.Count, report.InFlight)]);
    }
}
