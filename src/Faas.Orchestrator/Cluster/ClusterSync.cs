using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Cluster;

/// <summary>
/// Applies the registry's state of a function to this node's table, under the same change lock as deploys (so a
/// local deploy and a sync never interleave, and what is read is at least as new as what this node wrote). The
/// registry is the truth: a function missing there is removed here, a newer version or other settings replace the
/// current ones, and an unknown function is loaded with its artifact from the registry.
/// </summary>
internal sealed partial class ClusterSync(
    FunctionTable functions, IFunctionStore store, FunctionBuilder builder, IServiceProvider services, ILogger<ClusterSync> logger) : IClusterSync
{
    public Task SyncFunctionAsync(FunctionKey function, CancellationToken cancellationToken = default) => ApplyAsync(function, cancellationToken);

    public async Task SyncAllAsync(CancellationToken cancellationToken = default)
    {
        var names = (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Key)
            .Concat(functions.Entries.Select(e => e.Record.Key)).Distinct().ToList();
        foreach (var name in names)
        {
            await ApplyAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    public void WakeExecutions() => services.GetService<ExecutionWorker>()?.Wake();

    public Task ResumeCallbacksAsync(CancellationToken cancellationToken = default) =>
        services.GetService<ExecutionWorker>()?.ResumeCallbacksAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task ApplyAsync(FunctionKey name, CancellationToken cancellationToken)
    {
        FunctionEntry? removed = null;
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = await store.FindAsync(name, cancellationToken).ConfigureAwait(false);
            var known = functions.TryGet(name, out var entry);
            if (record is null)
            {
                if (known && functions.TryRemove(name, out removed))
                {
                    Log.Removed(logger, name.Qualified);
                }
            }
            else if (!known)
            {
                entry = functions.Add(record, await builder.LoadAsync(record, cancellationToken).ConfigureAwait(false));
                Log.Loaded(logger, name.Qualified, record.Version);
            }
            else if (record.Version != entry.Record.Version || record.ArtifactHash != entry.Record.ArtifactHash || record.Settings != entry.Record.Settings)
            {
                var artifact = record.ArtifactHash == entry.Record.ArtifactHash
                    ? entry.Artifact
                    : await builder.LoadAsync(record, cancellationToken).ConfigureAwait(false);
                var before = entry.Record;
                functions.Replace(entry, record, artifact);
                if (record.Version == before.Version && record.Settings.MinInstances < before.Settings.MinInstances)
                {
                    StopIdleAbove(entry, record.Settings.MinInstances);
                }

                Log.Replaced(logger, name.Qualified, record.Version);
            }

            if (record is not null)
            {
                await SyncVersionsAsync(entry, record, cancellationToken).ConfigureAwait(false);
            }
        }

        // Schedules are read by the runner itself: it only needs to look again now rather than at its next poll.
        services.GetService<ScheduleSignal>()?.Changed();
        if (removed is not null)
        {
            await removed.Pool.DisposeAsync(removed.Record.Settings.Timeout).ConfigureAwait(false);
        }
    }

    /// <summary>The function's aliases as the registry has them, and older versions it no longer keeps forgotten (their pools drained).</summary>
    private async Task SyncVersionsAsync(FunctionEntry entry, FunctionRecord record, CancellationToken cancellationToken)
    {
        entry.SetAliases(await store.ListAliasesAsync(record.Key, cancellationToken).ConfigureAwait(false));
        var known = entry.Pools.Select(p => p.Version).Concat(entry.VersionStats.Select(v => v.Version)).Where(v => v != record.Version).ToHashSet();
        if (known.Count == 0)
        {
            return;
        }

        var kept = (await store.ListVersionsAsync(record.Key, cancellationToken).ConfigureAwait(false)).Select(v => v.Version).ToHashSet();
        var gone = known.Where(v => !kept.Contains(v)).ToList();
        if (gone.Count > 0)
        {
            await functions.ForgetVersionsAsync(entry, gone).ConfigureAwait(false);
        }
    }

    /// <summary>A scale-down from another node: idle instances above the new minimum stop, as <see cref="DeploymentService.ScaleAsync"/> does.</summary>
    private static void StopIdleAbove(FunctionEntry entry, int replicas)
    {
        var snapshot = entry.Pool.Snapshot();
        var idle = snapshot.Where(i => i.State == InstanceState.Ready && i.InFlight == 0).ToList();
        for (var extra = snapshot.Count(i => i.State == InstanceState.Ready) - replicas; extra > 0 && idle.Count > 0; extra--)
        {
            entry.Pool.StopInstance(idle[^1].Id);
            idle.RemoveAt(idle.Count - 1);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Function {Function} loaded from the registry at version {Version} (deployed by another node)")]
        public static partial void Loaded(ILogger logger, string function, long version);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Function {Function} is now version {Version} as in the registry (changed by another node)")]
        public static partial void Replaced(ILogger logger, string function, long version);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Function {Function} removed (deleted by another node)")]
        public static partial void Removed(ILogger logger, string function);
    }
}
