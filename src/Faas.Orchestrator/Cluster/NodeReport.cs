using Faas.Orchestrator.Functions;

namespace Faas.Orchestrator.Cluster;

/// <summary>What a node publishes about itself at each heartbeat: its instances and, per function, its stats.</summary>
public sealed record NodeReport(string Node, IReadOnlyList<InstanceView> Instances, IReadOnlyDictionary<string, FunctionReport> Functions)
{
    public int InFlight => Instances.Sum(i => i.InFlight);
}

/// <summary>
/// One function's counters on one node and its latency window as a histogram (<see cref="LatencyHistogram"/>
/// buckets to counts), so the windows of several nodes merge into true cluster-wide percentiles.
/// </summary>
public sealed record FunctionReport(
    long Invocations,
    long Errors,
    long Timeouts,
    long ColdStarts,
    long Rejected,
    double TotalMilliseconds,
    IReadOnlyDictionary<int, long> Latencies,
    InstanceCounts Instances);
