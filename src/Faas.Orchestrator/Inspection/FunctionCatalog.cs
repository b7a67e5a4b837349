using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Stats;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Inspection;

internal sealed class FunctionCatalog(FunctionTable functions, IFunctionLogStore logs) : IFunctionCatalog
{
    public FunctionView? Get(FunctionKey function) => functions.TryGet(function, out var entry) ? functions.View(entry) : null;

    public IReadOnlyList<FunctionView> List(string @namespace) =>
        functions.In(@namespace).OrderBy(e => e.Record.Name, StringComparer.Ordinal).Select(functions.View).ToList();

    public FunctionStatsView? GetStats(FunctionKey function) =>
        functions.TryGet(function, out var entry)
            ? new FunctionStatsView(function.Name, entry.Stats.Snapshot(), FunctionTable.Counts(entry))
            {
                Versions = entry.VersionStats.Select(v => new VersionStatsView(v.Version, v.Stats.Snapshot(), FunctionTable.Counts(entry, v.Version))).ToList(),
            }
            : null;

    public PlatformStats GetPlatformStats(string @namespace)
    {
        var entries = functions.In(@namespace).ToList();
        var snapshots = entries.Select(e => e.Stats.Snapshot()).ToList();
        var counts = entries.Select(e => FunctionTable.Counts(e)).ToList();
        var weighted = snapshots.Where(s => s.Invocations > 0).ToList();
        var invocations = snapshots.Sum(s => s.Invocations);
        var totals = new StatsSnapshot(
            invocations,
            snapshots.Sum(s => s.Errors),
            snapshots.Sum(s => s.Timeouts),
            snapshots.Sum(s => s.ColdStarts),
            snapshots.Sum(s => s.Rejected),
            new LatencySummary(
                weighted.Count == 0 ? 0 : weighted.Max(s => s.LatencyMs.P50),
                weighted.Count == 0 ? 0 : weighted.Max(s => s.LatencyMs.P95),
                weighted.Count == 0 ? 0 : weighted.Max(s => s.LatencyMs.P99),
                invocations == 0 ? 0 : Math.Round(weighted.Sum(s => s.LatencyMs.Mean * s.Invocations) / invocations, 3)));
        return new PlatformStats(
            entries.Count,
            totals,
            new InstanceCounts(counts.Sum(c => c.Total), counts.Sum(c => c.Ready), counts.Sum(c => c.Busy), counts.Sum(c => c.Starting), counts.Sum(c => c.Draining), counts.Sum(c => c.Desired)),
            functions.StartedAt);
    }

    public IReadOnlyList<InstanceView> ListInstances(string @namespace) =>
        functions.In(@namespace)
            .SelectMany(e => e.Pools.SelectMany(p => p.Snapshot()))
            .OrderBy(i => i.Function, StringComparer.Ordinal).ThenBy(i => i.StartedAt)
            .Select(i => new InstanceView(
                i.Backend.RuntimeId, i.Id, i.Function, i.Version, i.Mode, i.State, i.Backend.Pid,
                i.Mode == ExecutionMode.Container ? i.Backend.RuntimeId : null,
                i.StartedAt, i.LastUsedAt, i.Invocations, i.InFlight)
            {
                Namespace = @namespace,
            })
            .ToList();

    public bool StopInstance(string @namespace, string runtimeOrInstanceId)
    {
        foreach (var entry in functions.In(@namespace))
        {
            foreach (var pool in entry.Pools)
            {
                var match = pool.Snapshot().FirstOrDefault(i => i.Id == runtimeOrInstanceId || i.Backend.RuntimeId == runtimeOrInstanceId);
                if (match is not null)
                {
                    return pool.StopInstance(match.Id);
                }
            }
        }

        return false;
    }

    public Task<IReadOnlyList<LogEntry>> ReadLogsAsync(FunctionKey function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default) =>
        logs.ReadAsync(function.Qualified, tail, since, cancellationToken);
}
