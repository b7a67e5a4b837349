using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Stats;

namespace Faas.Orchestrator.Cluster;

/// <summary>
/// The catalog of a clustered node: this node's functions, with instances and stats of every live node. Instances
/// carry their node; counters and instance counts are sums; latency percentiles come from the merged histograms of
/// all nodes' windows. The other nodes' part is their last heartbeat report (<see cref="IClusterView.Peers"/>).
/// </summary>
internal sealed class ClusterCatalog(FunctionCatalog local, FunctionTable functions, IClusterView cluster) : IFunctionCatalog
{
    public FunctionView? Get(FunctionKey function) => local.Get(function) is { } view ? WithClusterCounts(view) : null;

    public IReadOnlyList<FunctionView> List(string @namespace) => local.List(@namespace).Select(WithClusterCounts).ToList();

    public FunctionStatsView? GetStats(FunctionKey function)
    {
        if (!functions.TryGet(function, out var entry))
        {
            return null;
        }

        var name = function.Name;
        var reports = cluster.Peers.Select(p => p.Functions.GetValueOrDefault(function.Qualified)).OfType<FunctionReport>()
            .Prepend(entry.Stats.Report(FunctionTable.Counts(entry))).ToList();
        // Alone with calls, this node's exact window says more than the histogram.
        var stats = reports.Skip(1).All(r => r.Invocations + r.Rejected == 0) ? entry.Stats.Snapshot() : Merge(reports);
        return new FunctionStatsView(name, stats, Sum(reports.Select(r => r.Instances)));
    }

    public PlatformStats GetPlatformStats(string @namespace)
    {
        var entries = functions.In(@namespace).ToList();
        var reports = entries.Select(e => e.Stats.Report(FunctionTable.Counts(e)))
            .Concat(cluster.Peers.SelectMany(p => entries.Select(e => p.Functions.GetValueOrDefault(e.Record.Key.Qualified)).OfType<FunctionReport>())).ToList();
        return new PlatformStats(entries.Count, Merge(reports), Sum(reports.Select(r => r.Instances)), functions.StartedAt);
    }

    public IReadOnlyList<InstanceView> ListInstances(string @namespace) =>
        local.ListInstances(@namespace).Select(i => i with { Node = cluster.NodeName })
            .Concat(cluster.Peers.SelectMany(p => p.Instances.Where(i => i.Namespace == @namespace).Select(i => i with { Node = p.Node })))
            .OrderBy(i => i.Function, StringComparer.Ordinal).ThenBy(i => i.Node, StringComparer.Ordinal).ThenBy(i => i.StartedAt)
            .ToList();

    /// <summary>Only this node's instances can be stopped here: the load balancer decides which node answers.</summary>
    public bool StopInstance(string @namespace, string runtimeOrInstanceId) => local.StopInstance(@namespace, runtimeOrInstanceId);

    public Task<IReadOnlyList<LogEntry>> ReadLogsAsync(FunctionKey function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default) =>
        local.ReadLogsAsync(function, tail, since, cancellationToken);

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
        var qualified = new FunctionKey(view.Namespace, view.Name).Qualified;
        var peers = cluster.Peers.Select(p => p.Functions.GetValueOrDefault(qualified)?.Instances).OfType<InstanceCounts>().ToList();
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
