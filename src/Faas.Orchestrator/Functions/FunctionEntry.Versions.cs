using System.Collections.Concurrent;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Stats;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Functions;

/// <summary>
/// The function's versions other than the current one: a pool per older version that a qualifier reached (minimum
/// zero instances, so it scales to zero after <c>warm_instance_ttl</c>), stats per version, and the aliases that
/// route calls to versions. All of it is bounded by the versions the registry keeps.
/// </summary>
internal sealed partial class FunctionEntry
{
    private static readonly IReadOnlyDictionary<string, FunctionAlias> s_noAliases = new Dictionary<string, FunctionAlias>();

    private readonly ConcurrentDictionary<long, Lazy<FunctionPool>> _versionPools = new();
    private readonly ConcurrentDictionary<long, FunctionSettings> _versionSettings = new();
    private readonly ConcurrentDictionary<long, FunctionStats> _versionStats = new();
    private volatile IReadOnlyDictionary<string, FunctionAlias> _aliases = s_noAliases;

    /// <summary>The function's aliases by name (a snapshot; replaced whole on every change).</summary>
    public IReadOnlyDictionary<string, FunctionAlias> Aliases => _aliases;

    public void SetAliases(IEnumerable<FunctionAlias> aliases) =>
        _aliases = aliases.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>Every pool of the function: the current version's first, then older versions' by version.</summary>
    public IReadOnlyList<FunctionPool> Pools =>
        [Pool, .. _versionPools.OrderBy(p => p.Key).Select(p => p.Value.Value)];

    /// <summary>The pool of an older <paramref name="version"/> (with <paramref name="settings"/>), made by <paramref name="create"/> the first time.</summary>
    public FunctionPool VersionPool(long version, FunctionSettings settings, Func<FunctionPool> create)
    {
        _versionSettings.TryAdd(version, settings);
        return _versionPools.GetOrAdd(version, _ => new Lazy<FunctionPool>(create)).Value;
    }

    /// <summary>The pool of an older version and that version's settings, when a call reached it before.</summary>
    public bool TryGetVersionPool(long version, out FunctionPool pool, out FunctionSettings settings)
    {
        if (_versionPools.TryGetValue(version, out var lazy) && _versionSettings.TryGetValue(version, out settings!))
        {
            pool = lazy.Value;
            return true;
        }

        pool = null!;
        settings = null!;
        return false;
    }

    /// <summary>Stats of calls that ran (or were meant to run) on <paramref name="version"/>.</summary>
    public FunctionStats StatsOf(long version) => _versionStats.GetOrAdd(version, _ => new FunctionStats());

    /// <summary>Per-version stats, by version.</summary>
    public IReadOnlyList<(long Version, FunctionStats Stats)> VersionStats =>
        _versionStats.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();

    /// <summary>Drops a version the registry no longer keeps: its stats, and its pool (returned, for the caller to drain).</summary>
    public FunctionPool? ForgetVersion(long version)
    {
        _versionStats.TryRemove(version, out _);
        _versionSettings.TryRemove(version, out _);
        return _versionPools.TryRemove(version, out var pool) && pool.IsValueCreated ? pool.Value : null;
    }
}
