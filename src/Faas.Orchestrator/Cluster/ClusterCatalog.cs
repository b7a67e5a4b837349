using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Stats;

namespace Faas.Orchestrator.Cluster;

/// <summary>
/// The catalog of a clustered node: this node's functions, with instances and stats of every live node. Instances
/// carry their node; counters and instance counts are sums; latency percentiles come from the merged histograms of
/// all nodes' windows. The other nodes' part is their last heartbeat report (<see cref="IClusterView.Peers"/>).
/// </summary>
internal sealed class ClusterCatalog(FunctionCatalog local, FunctionTable functions, IClusterView cluster) : IFunctionCatalog
{
    public FunctionView? Get(string name) => local.Get(name) is { } view ? WithClusterCounts(view) : null;

    public IReadOnlyList<FunctionView> List() => local.List().Select(WithClusterCounts).ToList();

    public FunctionStatsView? GetStats(string name)
    {
        if (!functions.TryGet(name, out var entry))
        {
            return null;
        }

        var reports = cluster.Peers.Select(p => p.Functions.GetValueOrDefault(name)).OfType<FunctionReport>()
            .Prepend(entry.Stats.Report(FunctionTable.Counts(entry))).ToList();
        // Alone with calls, this node's exact window says more than the histogram.
        var stats = reports.Skip(1).All(r => r.Invocations + r.Rejected == 0) ? entry.Stats.Snapshot() : Merge(reports);
        return new FunctionStatsView(name, stats, Sum(reports.Select(r => r.Instances)));
    }

    public PlatformStats GetPlatformStats()
    {
        var reports = functions.Entries.Select(e => e.Stats.Report(FunctionTable.Counts(e)))
            .Concat(cluster.Peers.SelectMany(p => p.Functions.Values)).ToList();
        return new PlatformStats(functions.Entries.Count, Merge(reports), Sum(reports.Select(r => r.Instances)), functions.StartedAt);
    }

    public IReadOnlyList<InstanceView> ListInstances() =>
        local.ListInstances().Select(i => i with { Node = cluster.NodeName })
            .Concat(cluster.Peers.SelectMany(p => p.Instances.Select(i => i with { Node = p.Node })))
            .OrderBy(i => i.Function, StringComparer.Ordinal).ThenBy(i => i.Node, StringComparer.Ordinal).ThenBy(i => i.StartedAt)
            .ToList();

    /// <summary>Only this node's instances can be stopped here: the load balancer decides which node answers.</summary>
    public bool StopInstance(string runtimeOrInstanceId) => local.StopInstance(runtimeOrInstanceId);

    public Task<IReadOnlyList<LogEntry>> ReadLogsAsync(string name, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default) =>
        local.ReadLogsAsync(name, tail, since, cancellationToken);

    internal static StatsSnapshot Merge(IReadOnlyCollection<FunctionReport> reports)
    {
        var buckets = new Dictionary<int, long>();
        foreach (var report in reports)
        {
            LatencyHistogram.Add(buckets, report.Latencies);
        }

        var invocations = reports.Sum(r => r.Invocations);
        return new StatsSnapshot(
            invocations, reports.Sum(r => r.Errors), reports.Sum(r => r.Timeouts), reports.Sum(r => r.ColdStarts), reports.Sum(r => r.Rejected),
            LatencyHistogram.Summarize(buckets, invocations, reports.Sum(r => r.TotalMilliseconds)));
    }

    private FunctionView WithClusterCounts(FunctionView view)
    {
        var peers = cluster.Peers.Select(p => p.Functions.GetValueOrDefault(view.Name)?.Instances).OfType<InstanceCounts>().ToList();
        if (peers.Count == 0)
        {
            return view;
        }

        var counts = Sum(peers.Prepend(view.Instances));
        var status = view.Status == "unavailable" ? view.Status
            : counts.Ready > 0 ? "ready"
            : counts.Starting > 0 ? "starting"
            : "idle";
        return view with { Instances = counts, Status = status };
    }

    private static InstanceCounts Sum(IEnumerable<InstanceCounts> counts)
    {
        var list = counts.ToList();
        return new InstanceCounts(list.Sum(c => c.Total), list.Sum(c => c.Ready), list.Sum(c => c.Busy), list.Sum(c => c.Starting), list.Sum(c => c.Draining));
    }
}
