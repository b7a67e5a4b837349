using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// The function registry: namespaces, deployed functions (the current version of each), their version history, aliases and
/// schedules, and the compiled artifacts, by content hash. Everything but artifacts belongs to a namespace: names are unique within one. Each change is atomic: a crash leaves the old function or the new one.
/// SQLite (<see cref="Sqlite.SqliteFunctionStore"/>) is the embedded default.
/// </summary>
public interface IFunctionStore
{
    /// <summary>Every function of every namespace (start-up loads them all), by namespace, then name.</summary>
    Task<IReadOnlyList<FunctionRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<FunctionRecord?> FindAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Stores a new function at version 1; null when the name is taken.</summary>
    Task<FunctionRecord?> CreateAsync(FunctionKey function, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version of an existing function; null when it does not exist.</summary>
    Task<FunctionRecord?> UpdateAsync(FunctionKey function, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Changes only the instance counts of the current version (not a new version); null when the function does not exist.</summary>
    Task<FunctionRecord?> SetScaleAsync(FunctionKey function, int minInstances, int maxInstances, CancellationToken cancellationToken = default);

    /// <summary>Removes the function, its history, its aliases and its schedules; false when it did not exist.</summary>
    Task<bool> DeleteAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Every stored version of the function, oldest first; empty when it does not exist.</summary>
    Task<IReadOnlyList<FunctionVersion>> ListVersionsAsync(FunctionKey function, CancellationToken cancellationToken = default);

    Task<FunctionVersion?> FindVersionAsync(FunctionKey function, long version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the function's versions beyond the newest <paramref name="keep"/>, except those an alias routes to or a
    /// schedule names by number; returns the versions removed. The current version is always kept.
    /// </summary>
    Task<IReadOnlyList<long>> PruneVersionsAsync(FunctionKey function, int keep, CancellationToken cancellationToken = default);

    /// <summary>The function's aliases by name; empty when it has none or does not exist.</summary>
    Task<IReadOnlyList<FunctionAlias>> ListAliasesAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the alias (routes as given, already validated); true when it was created.</summary>
    Task<bool> SetAliasAsync(FunctionAlias alias, CancellationToken cancellationToken = default);

    /// <summary>False when there was no such alias.</summary>
    Task<bool> DeleteAliasAsync(FunctionKey function, string alias, CancellationToken cancellationToken = default);

    /// <summary>Schedules of <paramref name="function"/> by name, or of every function of every namespace (by namespace, function, then name) when it is null.</summary>
    Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(FunctionKey? function, CancellationToken cancellationToken = default);

    /// <summary>Stores a schedule; when one of that name exists, replaces it if <paramref name="replace"/>, otherwise returns false.</summary>
    Task<bool> SaveScheduleAsync(ScheduleRecord schedule, bool replace, CancellationToken cancellationToken = default);

    /// <summary>False when there was no such schedule.</summary>
    Task<bool> DeleteScheduleAsync(FunctionKey function, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The claim of one firing: moves the schedule's <c>next_run</c> from <paramref name="expectedNextRun"/> to
    /// <paramref name="nextRun"/> (and sets <c>last_run</c> when <paramref name="lastRun"/> is given) in one atomic
    /// compare-and-set. True for exactly one caller per firing; false when another node (or a change) moved it first.
    /// </summary>
    Task<bool> AdvanceScheduleAsync(
        FunctionKey function, string name, DateTimeOffset expectedNextRun, DateTimeOffset nextRun, DateTimeOffset? lastRun,
        CancellationToken cancellationToken = default);

    /// <summary>Every namespace, by name; <c>default</c> is always there.</summary>
    Task<IReadOnlyList<NamespaceRecord>> ListNamespacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new namespace; false when the name is taken.</summary>
    Task<bool> CreateNamespaceAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default);

    /// <summary>Replaces a namespace's quota; false when there is no such namespace.</summary>
    Task<bool> SetNamespaceQuotaAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes an empty namespace: <see cref="NamespaceDeletion.NotEmpty"/> while it still holds a function (checked in
    /// the same transaction as the removal, so a concurrent deploy either lands first and blocks it or finds no namespace).
    /// </summary>
    Task<NamespaceDeletion> DeleteNamespaceAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The compiled assembly stored under <paramref name="hash"/>, or null.</summary>
    Task<byte[]?> ReadArtifactAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Stores a compiled assembly under its content hash (atomically; writing the same hash again is harmless).</summary>
    Task WriteArtifactAsync(string hash, byte[] assembly, CancellationToken cancellationToken = default);
}
