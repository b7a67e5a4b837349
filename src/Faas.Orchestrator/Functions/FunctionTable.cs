using System.Collections.Concurrent;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Functions;

/// <summary>
/// The deployed functions in memory, shared by the deployment, invocation, secret and inspection services: each
/// function's current record and artifact, its pool and its stats. Changes to the set of functions (and to a
/// function's version) happen under <see cref="ChangesAsync"/>; reads never wait.
/// </summary>
internal sealed class FunctionTable(
    InstanceLauncher launcher, RuntimeSet runtimes, StemCellPools stemCells, NamespaceQuotas quotas, IOptions<PlatformOptions> options,
    TimeProvider time, ILoggerFactory loggerFactory, INodeCpu? nodeCpu = null)
{
    private readonly ConcurrentDictionary<FunctionKey, FunctionEntry> _functions = new();
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly ILogger _poolLogger = loggerFactory.CreateLogger("Faas.Orchestrator.Pools");

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public ICollection<FunctionEntry> Entries => _functions.Values;

    public bool TryGet(FunctionKey function, out FunctionEntry entry) => _functions.TryGetValue(function, out entry!);

    public bool Contains(FunctionKey function) => _functions.ContainsKey(function);

    /// <summary>The functions of one namespace (an instance of one namespace's function never serves another's).</summary>
    public IEnumerable<FunctionEntry> In(string @namespace) => _functions.Values.Where(e => e.Record.Namespace == @namespace);

    /// <summary>Holds the change lock until the returned object is disposed: one deploy, delete or secret change at a time.</summary>
    public async Task<IDisposable> ChangesAsync(CancellationToken cancellationToken = default)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(_changes);
    }

    /// <summary>Adds a function (a new one, or one loaded from the store) and starts its minimum instances.</summary>
    public FunctionEntry Add(FunctionRecord record, byte[] artifact)
    {
        var entry = new FunctionEntry(record, artifact, launcher, runtimes, stemCells, quotas);
        entry.Pool = new FunctionPool(record.Key.Qualified, record.Version, PoolSettingsOf(record.Settings), entry, time, _poolLogger);
        _functions[record.Key] = entry;
        entry.Pool.EnsureMinimum();
        return entry;
    }

    /// <summary>
    /// A function just created without minimum instances will cold start at its first call: the stem cells of its
    /// mode count that start now, so new functions called together (a burst after a deploy) find cells ready.
    /// Functions that never use a stem cell (secrets, an image, another /tmp size) are not counted.
    /// </summary>
    public void AnticipateFirstCall(FunctionEntry entry)
    {
        var settings = entry.Record.Settings;
        if (settings.MinInstances == 0 && StemCellPool.Fits(settings) && stemCells.For(settings.ExecutionMode) is { } pool)
        {
            entry.MarkFirstCallAnticipated();
            pool.Anticipate();
        }
    }

    /// <summary>Makes <paramref name="record"/> the function's current version: new calls go to its instances.</summary>
    public void Replace(FunctionEntry entry, FunctionRecord record, byte[] artifact)
    {
        entry.Replace(record, artifact);
        entry.Pool.Reconfigure(record.Version, PoolSettingsOf(record.Settings));
    }

    public bool TryRemove(FunctionKey function, out FunctionEntry entry) => _functions.TryRemove(function, out entry!);

    /// <summary>
    /// The pool of an older version of <paramref name="entry"/>'s function, made the first time it is asked for: no
    /// minimum instances (it scales to zero after <c>warm_instance_ttl</c>), the version's own limits.
    /// </summary>
    public FunctionPool VersionPool(FunctionEntry entry, FunctionRecord record, Func<CancellationToken, Task<byte[]>> loadArtifact) =>
        entry.VersionPool(record.Version, record.Settings, () => new FunctionPool(record.Key.Qualified, record.Version, PoolSettingsOf(record.Settings) with { MinInstances = 0 },
            new VersionInstanceFactory(entry, record, loadArtifact), time, _poolLogger));

    /// <summary>Forgets versions the registry no longer keeps: their stats go, their pools drain (in-flight calls get their timeout) and stop.</summary>
    public async Task ForgetVersionsAsync(FunctionEntry entry, IReadOnlyList<long> versions)
    {
        foreach (var version in versions)
        {
            if (entry.ForgetVersion(version) is { } pool)
            {
                await pool.DisposeAsync(entry.Record.Settings.Timeout).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops idle instances past their TTL in every pool.</summary>
    public void Reap()
    {
        foreach (var entry in _functions.Values)
        {
            foreach (var pool in entry.Pools)
            {
                pool.Reap();
            }
        }
    }

    /// <summary>Drains every pool of <paramref name="entry"/> for up to <paramref name="drain"/>, then stops its instances.</summary>
    public static Task DisposePoolsAsync(FunctionEntry entry, TimeSpan drain) =>
        Task.WhenAll(entry.Pools.Select(p => p.DisposeAsync(drain).AsTask()));

    /// <summary>Drains every pool for up to <paramref name="drain"/>, then stops every instance.</summary>
    public async Task StopAllAsync(TimeSpan drain)
    {
        await Task.WhenAll(_functions.Values.Select(f => DisposePoolsAsync(f, drain))).ConfigureAwait(false);
        _functions.Clear();
    }

    public FunctionView View(FunctionEntry entry)
    {
        var record = entry.Record;
        var counts = Counts(entry);
        var status = !runtimes.For(record.Settings.ExecutionMode).Status.Available ? "unavailable"
            : counts.Ready > 0 ? "ready"
            : counts.Starting > 0 ? "starting"
            : "idle";
        return new FunctionView(record.Name, record.Version, record.Settings, status, counts, record.ArtifactHash, record.CreatedAt, record.UpdatedAt)
        {
            Namespace = record.Namespace,
        };
    }

    /// <summary>Instances of every version of the function, or of one <paramref name="version"/>.</summary>
    public static InstanceCounts Counts(FunctionEntry entry, long? version = null)
    {
        var pools = entry.Pools;
        var instances = pools.SelectMany(p => p.Snapshot()).Where(i => version is null || i.Version == version).ToList();
        return new InstanceCounts(
            instances.Count,
            instances.Count(i => i.State == InstanceState.Ready),
            instances.Count(i => i.State == InstanceState.Ready && i.InFlight > 0),
            pools.Where(p => version is null || p.Version == version).Sum(p => p.Starting),
            instances.Count(i => i.State == InstanceState.Draining),
            pools.Where(p => version is null || p.Version == version).Sum(p => p.Desired));
    }

    /// <summary>Every function with its instance counts (read by the metrics when they are observed).</summary>
    public IReadOnlyCollection<(string Function, InstanceCounts Instances)> AllCounts() =>
        _functions.Values.Select(e => (e.Record.Key.Qualified, Counts(e))).ToList();

    private PoolSettings PoolSettingsOf(FunctionSettings settings) => new(
        settings.MinInstances, settings.MaxInstances, settings.Concurrency, options.Value.MaxQueuePerFunction,
        options.Value.ColdStartTimeout, options.Value.WarmInstanceTtl, settings.LoadTarget, settings.ScaleToZeroAfter,
        settings.CpuMillicores, Autoscaler(options.Value.Autoscaling));

    private AutoscalerSettings Autoscaler(AutoscalingOptions scaling) => AutoscalerSettings.Default with
    {
        NodeCpu = nodeCpu,
        StableWindow = scaling.StableWindow,
        PanicWindow = scaling.PanicWindow,
        PanicThreshold = scaling.PanicThreshold,
        TargetUtilization = scaling.TargetUtilization,
        ScaleDownDelay = scaling.ScaleDownDelay,
        Cores = scaling.Cores > 0 ? scaling.Cores : Environment.ProcessorCount,
    };

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
