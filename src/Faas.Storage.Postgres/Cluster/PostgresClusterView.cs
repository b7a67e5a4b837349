using Faas.Orchestrator.Cluster;
using Microsoft.Extensions.Options;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// The cluster as the last heartbeat read it from <c>cluster_nodes</c>: a node is <c>lost</c> once it has been silent
/// for a lease (<see cref="ClusterOptions.LeaseTimeout"/>), otherwise in the state it reported (<c>ready</c> or
/// <c>draining</c>).
/// </summary>
internal sealed class PostgresClusterView(NodeIdentity node, NodeRegistry registry, IOptions<ClusterOptions> options, TimeProvider time) : IClusterView
{
    private volatile Snapshot _snapshot = new(1, []);
    private volatile bool _draining;

    public string NodeName => node.Name;

    public bool IsClustered => true;

    public bool IsDraining => _draining;

    public int ReadyNodes => _snapshot.ReadyNodes;

    public IReadOnlyList<NodeReport> Peers => _snapshot.Peers;

    public string Url => options.Value.AdvertiseUrl;

    public string State => _draining ? "draining" : "ready";

    public void StartDraining() => _draining = true;

    public async Task<IReadOnlyList<ClusterNode>> NodesAsync(CancellationToken cancellationToken = default) =>
        (await registry.ReadAsync(cancellationToken).ConfigureAwait(false)).Select(ToNode).ToList();

    /// <summary>Takes in the rows the heartbeat just read.</summary>
    public void Update(IReadOnlyList<NodeRow> rows)
    {
        var live = rows.Where(r => StateOf(r) != "lost").ToList();
        var ready = live.Count(r => r.Name == node.Name ? !_draining : r.State == "ready");
        var peers = live.Where(r => r.Name != node.Name).Select(r => NodeRegistry.ParseReport(r.Report)).OfType<NodeReport>().ToList();
        _snapshot = new Snapshot(Math.Max(1, ready), peers);
    }

    private ClusterNode ToNode(NodeRow row)
    {
        var report = NodeRegistry.ParseReport(row.Report);
        return new ClusterNode(row.Name, row.Url, StateOf(row), row.LastSeen, report?.Instances.Count ?? 0, report?.InFlight ?? 0);
    }

    private string StateOf(NodeRow row) => row.LastSeen < time.GetUtcNow() - node.LeaseTimeout ? "lost" : row.State;

    private sealed record Snapshot(int ReadyNodes, IReadOnlyList<NodeReport> Peers);
}
